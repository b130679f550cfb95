"""Placing a claim's anchor on a changed article text, and saying how (pure functions).

Like the Hypothesis client: the exact quote first (at its old place, else the occurrence
whose context and position agree best), then an approximate match whose edit distance is at
most half the quote, ranked by how well the quote, prefix, suffix and old position agree.
Unlike it, every result says what happened and why; a quote that cannot be placed is
orphaned, never moved somewhere wrong.
"""

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from factcheck.services.anchoring import Anchor, anchor_at, context_score, occurrences

MAX_EDIT_FRACTION = 0.5
REFINE_RADIUS = 24


@dataclass(frozen=True)
class Reanchoring:
    status: str  # exact, moved, fuzzy or orphaned
    anchor: Anchor | None
    similarity: float
    reason: str


def _position_penalty(old_start: int, start: int, text_length: int) -> float:
    return abs(start - old_start) / max(text_length, 1)


def _best_occurrence(old: Anchor, text: str, starts: list[int]) -> tuple[int, str]:
    if len(starts) == 1:
        return starts[0], "the quote occurs once in the new text"
    ranked = sorted(starts, key=lambda s: (
        -context_score(text, s, s + len(old.exact), old.prefix, old.suffix),
        _position_penalty(old.start, s, len(text)),
    ))
    return ranked[0], f"the quote occurs {len(starts)} times; context and position chose one"


def _refine(exact: str, text: str, start: int, end: int) -> tuple[int, int, float]:
    """The span near [start, end) most similar to `exact` by Levenshtein distance."""
    radius = min(REFINE_RADIUS, max(2, len(exact) // 2))
    best = (start, end, Levenshtein.normalized_similarity(exact, text[start:end]))
    for s in range(max(0, start - radius), min(len(text), start + radius) + 1):
        for e in range(max(s + 1, end - radius), min(len(text), end + radius) + 1):
            score = Levenshtein.normalized_similarity(exact, text[s:e])
            if score > best[2]:
                best = (s, e, score)
    return best


def _approximate(old: Anchor, text: str) -> tuple[int, int, float, str] | None:
    """The best approximate match of the quote, or None when every candidate is too far off."""
    m = len(old.exact)
    windows = [(0, len(text), "anywhere in the text")]
    near = (max(0, old.start - 2 * m - 64), min(len(text), old.end + 2 * m + 64), "near its old place")
    windows.insert(0, near)
    best = None
    for lo, hi, where in windows:
        found = fuzz.partial_ratio_alignment(old.exact, text[lo:hi])
        if found is None or found.score == 0:
            continue
        start, end, similarity = _refine(old.exact, text, lo + found.dest_start, lo + found.dest_end)
        distance = Levenshtein.distance(old.exact, text[start:end])
        if distance > m * MAX_EDIT_FRACTION or not text[start:end].strip():
            continue
        score = similarity + 0.2 * context_score(text, start, end, old.prefix, old.suffix) / max(
            1, len(old.prefix) + len(old.suffix)) - 0.05 * _position_penalty(old.start, start, len(text))
        if best is None or score > best[0]:
            best = (score, start, end, similarity, where)
    if best is None:
        return None
    _, start, end, similarity, where = best
    return start, end, similarity, where


def reanchor(old: Anchor, text: str) -> Reanchoring:
    """Where the claim anchored by `old` now is in `text`, and how sure we are."""
    end = old.start + len(old.exact)
    if text[old.start:end] == old.exact:
        return Reanchoring("exact", anchor_at(text, old.start, end), 1.0, "the quote is still at its place")
    starts = occurrences(text, old.exact)
    if starts:
        start, why = _best_occurrence(old, text, starts)
        return Reanchoring("moved", anchor_at(text, start, start + len(old.exact)), 1.0,
                           f"moved from {old.start} to {start}: {why}")
    found = _approximate(old, text)
    if found is None:
        return Reanchoring("orphaned", None, 0.0,
                           "no passage is within half the quote's length of edits; the old anchor is kept")
    start, stop, similarity = found[0], found[1], found[2]
    return Reanchoring("fuzzy", anchor_at(text, start, stop), round(similarity, 3),
                       f"the quote was edited: closest passage {similarity:.0%} similar, found {found[3]}")
