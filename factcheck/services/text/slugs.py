"""Slugs for URLs (a pure function)."""

import re

from anyascii import anyascii

MAX_SLUG_LENGTH = 80


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary; never empty.

    Other scripts are transliterated by anyascii ("погибли 26 протестующих" → "pogibli-26-protestuyushchikh",
    "Қазақстан" → "qazaqstan").
    """
    words = re.findall(r"[a-z0-9]+", anyascii(text).lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "claim")
