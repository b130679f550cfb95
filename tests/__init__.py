"""factcheck's tests; the tree mirrors the package (web/, api/, unit/, browser/)."""
