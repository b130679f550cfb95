"""Articles: creating and editing them, importing from a URL or a file, their revisions and re-anchoring claims on a new text."""
