"""Large public documents written once per edition of the public data and served as files.

`/claimreview.json` holds every published ClaimReview: tens of megabytes and several seconds of work for
a large archive. It is written to FEED_FOLDER (the instance folder's `feeds/` by default) under a name
made from its key, which holds the edition, so a change anyone could see makes a new file. Workers on one
machine share the files; a file is written beside its final name and renamed into place, so a reader never
sees half of one, and one writes while the others that ask wait for its file. The newest few are kept, so a
file being sent is not removed under a reader.
"""

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from flask import current_app

KEPT = 3
CHUNK_BYTES = 64 * 1024
# The root a document is written with when no PUBLIC_BASE_URL is configured (development): the asking
# request's root is put in its place as the file is sent, so a new Host header writes nothing new.
STAND_IN_ROOT = "http://public-base-url.invalid/"


def feed_folder() -> Path:
    folder = Path(current_app.config["FEED_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_document(name: str, key: str, write: Callable[[TextIO], None], suffix: str = ".json") -> Path:
    """The path of document `name` for `key`, written by `write(file)` when there is none yet."""
    folder = feed_folder()
    path = folder / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:32]}{suffix}"
    if path.exists():
        return path
    # One writer at a time on this machine: the workers that ask meanwhile wait for its file rather than each
    # writing the same one (the feed of a million claims takes tens of seconds).
    with open(folder / f".{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return path
        return _write(folder, name, path, write, suffix)


def _write(folder: Path, name: str, path: Path, write: Callable[[TextIO], None], suffix: str) -> Path:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".partial")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            write(out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    older = sorted(folder.glob(f"{name}-*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)[KEPT:]
    for old in older:
        old.unlink(missing_ok=True)
    return path


def with_root(path: Path, root: str) -> Iterator[bytes]:
    """The bytes of JSON document `path`, written with STAND_IN_ROOT, with `root` in its place."""
    old = STAND_IN_ROOT.encode()
    new = json.dumps(root)[1:-1].encode()  # as it would stand inside a JSON string
    carry = b""
    with path.open("rb") as document:
        while chunk := document.read(CHUNK_BYTES):
            text = (carry + chunk).replace(old, new)
            # Keep back what could be the start of a stand-in cut by the chunk's end.
            keep = next((n for n in range(len(old) - 1, 0, -1) if text.endswith(old[:n])), 0)
            carry = text[len(text) - keep:] if keep else b""
            yield text[:len(text) - keep] if keep else text
    if carry:
        yield carry
