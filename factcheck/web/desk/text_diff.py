"""Readable word diffs of text changes for the history panel: <del> and <ins> around words."""

import difflib
import re

from markupsafe import Markup, escape

_WORDS = re.compile(r"\S+\s*")
# Below this similarity a word-by-word diff is noise: show the old text struck out, then the new.
_REWRITE = 0.4


def _runs(old: list[str], new: list[str]) -> list[tuple[str, str, str]]:
    """(kind, old text, new text) runs; a lone unchanged word between two changes joins them."""
    runs: list[list[str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        runs.append([op, "".join(old[a1:a2]), "".join(new[b1:b2]), a2 - a1])
    merged: list[list] = []
    for i, run in enumerate(runs):
        lone = run[0] == "equal" and run[3] == 1 and 0 < i < len(runs) - 1
        if (lone or run[0] != "equal") and merged and merged[-1][0] == "change":
            merged[-1][1] += run[1]
            merged[-1][2] += run[2] if run[0] != "equal" else run[1]
        elif run[0] == "equal":
            merged.append(["equal", run[1], run[1]])
        else:
            merged.append(["change", run[1], run[2]])
    return [tuple(run) for run in merged]


def _changed(before: str, after: str) -> Markup:
    parts = []
    if before.strip():
        parts.append(Markup("<del>{}</del>").format(before.rstrip()))
    if after.strip():
        parts.append(Markup("<ins>{}</ins>").format(after.rstrip()))
    trailing = after[len(after.rstrip()):] or before[len(before.rstrip()):]
    return Markup(" ").join(parts) + trailing


def word_diff(before: str | None, after: str | None) -> Markup:
    """`before` → `after` as one run of text, removed words in <del>, added words in <ins>."""
    before, after = before or "", after or ""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    if difflib.SequenceMatcher(None, old, new, autojunk=False).ratio() < _REWRITE:
        return _changed(before, after)
    return Markup("").join(escape(old_text) if kind == "equal" else _changed(old_text, new_text)
                           for kind, old_text, new_text in _runs(old, new))
