"""Finding an evidence quote in a capture's text (pure functions): where it is, or the closest passage.

The text and the quote are compared after the same normalisation, character by character so that every
position maps back to the capture's text: runs of white space become one space, typographic quotes,
apostrophes and dashes become their plain forms, letters are compared in lower case, and ellipses around the
quote, or quotation marks enclosing all of it, are ignored. A match is returned as the same W3C selectors as a claim's
anchor (TextQuoteSelector and TextPositionSelector, factcheck.services.text.anchoring) over the capture's text.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from factcheck.services.text.anchoring import Anchor, anchor_at

FOLDED = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                        "‟": '"', "″": '"', "«": '"', "»": '"', "‐": "-", "‑": "-", "‒": "-", "–": "-",
                        "—": "-", "―": "-", "−": "-"})
ELLIPSES = "….[] "
QUOTE_MARKS = "\"'“”‘’«»„"
CLOSEST_MIN_SIMILARITY = 50  # below this, no passage is offered as the closest
MAX_CLOSEST = 400


@dataclass(frozen=True)
class QuoteCheck:
    """What looking for a quote found: its anchor in the text, else the closest passage and how close."""

    found: bool
    anchor: Anchor | None = None
    closest: str | None = None
    similarity: float = 0.0  # 0–100, of the closest passage


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as compared, and for each of its characters the position it came from in `text`."""
    chars: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        else:
            char = char.translate(FOLDED)
            lower = char.lower()
            char = lower if len(lower) == 1 else char
        chars.append(char)
        origin.append(position)
    return "".join(chars), origin


def quote_core(quote: str) -> str:
    """The quote without the ellipses around it, nor quotation marks that enclose all of it."""
    core = quote.strip().strip(ELLIPSES).strip()
    if len(core) > 1 and core[0] in QUOTE_MARKS and core[-1] in QUOTE_MARKS:
        core = core[1:-1].strip().strip(ELLIPSES).strip()
    return core


def _span(origin: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of the original text that normalised characters [start, end) came from."""
    return origin[start], origin[end - 1] + 1


def check_quote(text: str, quote: str) -> QuoteCheck:
    """Look for `quote` in `text`: found (with its anchor), or not (with the closest passage, if any)."""
    wanted, _ = normalise(quote_core(quote))
    wanted = wanted.strip()
    if not wanted or not text:
        return QuoteCheck(False)
    haystack, origin = normalise(text)
    at = haystack.find(wanted)
    if at != -1:
        start, end = _span(origin, at, at + len(wanted))
        return QuoteCheck(True, anchor_at(text, start, end))
    return _closest(text, haystack, origin, wanted)


def _closest(text: str, haystack: str, origin: list[int], wanted: str) -> QuoteCheck:
    alignment = fuzz.partial_ratio_alignment(wanted, haystack)
    if alignment is None or alignment.score < CLOSEST_MIN_SIMILARITY or alignment.dest_end <= alignment.dest_start:
        return QuoteCheck(False)
    start, end = _span(origin, alignment.dest_start, alignment.dest_end)
    start, end = _whole_words(text, start, end)
    passage = text[start:end].strip()
    if len(passage) > MAX_CLOSEST:
        passage = passage[:MAX_CLOSEST].rsplit(" ", 1)[0] + "…"
    return QuoteCheck(False, closest=passage or None, similarity=round(alignment.score, 1))


_WORD = re.compile(r"\w")


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so that it neither starts nor ends inside a word."""
    while start > 0 and _WORD.match(text[start - 1]) and _WORD.match(text[start]):
        start -= 1
    while end < len(text) and _WORD.match(text[end - 1]) and _WORD.match(text[end]):
        end += 1
    return start, end
