"""W3C Web Annotation anchors: quote and position selectors over a text (pure functions)."""

from dataclasses import dataclass

CONTEXT_LENGTH = 32


class AnchorError(ValueError):
    """A selector that does not pick exactly one span of the text."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Anchor:
    """Both selectors of one span: TextQuoteSelector (exact, prefix, suffix) and TextPositionSelector."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of text[start:end], with up to CONTEXT_LENGTH characters of context each side."""
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        raise AnchorError("position_invalid", "start and end must be whole numbers.")
    if not 0 <= start < end <= len(text):
        raise AnchorError(
            "position_out_of_range",
            f"The position {start}–{end} is not a span of this text (0–{len(text)}).",
        )
    if not text[start:end].strip():
        raise AnchorError("empty_selection", "The selected span has no text.")
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH):start],
        suffix=text[end:end + CONTEXT_LENGTH],
        start=start,
        end=end,
    )


def occurrences(text: str, exact: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of `exact` in `text`."""
    found, at = [], text.find(exact)
    while at != -1:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the given prefix and suffix agree with the text around a span."""
    before = text[max(0, start - len(prefix)):start]
    after = text[end:end + len(suffix)]
    agree = 0
    for a, b in zip(reversed(before), reversed(prefix), strict=False):
        if a != b:
            break
        agree += 1
    for a, b in zip(after, suffix, strict=False):
        if a != b:
            break
        agree += 1
    return agree


def anchor_quote(text: str, exact: str, prefix: str = "", suffix: str = "") -> Anchor:
    """The one span that the quote selector names; the context decides among several."""
    if not exact or not exact.strip():
        raise AnchorError("empty_selection", "The quote is empty.")
    starts = occurrences(text, exact)
    if not starts:
        raise AnchorError("quote_not_found", "The quote does not occur in the article text.")
    if len(starts) == 1:
        return anchor_at(text, starts[0], starts[0] + len(exact))
    if not prefix and not suffix:
        raise AnchorError(
            "quote_ambiguous",
            f"The quote occurs {len(starts)} times in the text; add a prefix or suffix to say which.",
        )
    scored = sorted(
        ((context_score(text, s, s + len(exact), prefix, suffix), s) for s in starts), reverse=True
    )
    if scored[0][0] == scored[1][0]:
        raise AnchorError(
            "quote_ambiguous",
            f"The quote occurs {len(starts)} times and the prefix and suffix do not tell them apart.",
        )
    start = scored[0][1]
    return anchor_at(text, start, start + len(exact))
