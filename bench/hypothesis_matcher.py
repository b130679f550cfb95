"""The Hypothesis client's re-anchoring, ported to Python for the re-anchoring benchmark.

Two pieces, ported line by line so that the benchmark compares against what Hypothesis really does:
- `approx_search`: the npm package `approx-string-match` 2.0.0 (Myers' bit-parallel algorithm in
  blocks of 32 bits, keeping only the matches with the fewest errors, with the "ratchet" that lowers the
  error bound as matches are found, and the reverse search that finds each match's start);
- `match_quote`: the client's `src/annotator/anchoring/match-quote.ts` (exact matches first, else
  approximate ones with maxErrors = min(256, len(quote) / 2), ranked by quote 50, prefix 20, suffix 20,
  position 2).
`anchor` adds what `anchoring/html.ts` does first: the position selector is used when the text there is
still exactly the quote; otherwise the quote is searched with the old start as the position hint.
JavaScript works on UTF-16 code units, this port on code points: they differ only for characters outside
the Basic Multilingual Plane. `bench/reanchoring.py --compare-js DIR` checks the port against the npm
package installed in DIR on a sample of the benchmark's cases.
"""

from dataclasses import dataclass

WORD = 32
MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    errors: int


def _one_if_not_zero(n: int) -> int:
    return 1 if n & MASK else 0


def _advance_block(P: list[int], M: list[int], last_row_mask: list[int], peq: list[int], b: int, h_in: int) -> int:
    """One block step of Myers' algorithm (Fig. 8 of Myers 1999); returns the horizontal delta out."""
    pv, mv = P[b], M[b]
    h_in_is_negative = 1 if h_in < 0 else 0
    eq = peq[b] | h_in_is_negative
    xv = eq | mv
    xh = ((((eq & pv) + pv) & MASK) ^ pv) | eq
    ph = (mv | ~(xh | pv)) & MASK
    mh = pv & xh
    h_out = _one_if_not_zero(ph & last_row_mask[b]) - _one_if_not_zero(mh & last_row_mask[b])
    ph = (ph << 1) & MASK
    mh = (mh << 1) & MASK
    mh |= h_in_is_negative
    ph |= (1 if h_in != 0 else 0) - h_in_is_negative
    P[b] = (mh | ~(xv | ph)) & MASK
    M[b] = ph & xv
    return h_out


def _peq_table(pattern: str, b_max: int) -> dict[str, list[int]]:
    table: dict[str, list[int]] = {}
    for char in pattern:
        if char in table:
            continue
        masks = [0] * (b_max + 1)
        for b in range(b_max + 1):
            for r in range(WORD):
                idx = b * WORD + r
                if idx < len(pattern) and pattern[idx] == char:
                    masks[b] |= 1 << r
        table[char] = masks
    return table


def find_match_ends(text: str, pattern: str, max_errors: float) -> list[Match]:
    """The ends and error counts of the matches of `pattern` with the fewest errors (at most max_errors)."""
    if not pattern:
        return []
    max_errors = min(max_errors, len(pattern))
    matches: list[Match] = []
    b_max = -(-len(pattern) // WORD) - 1
    P, M = [0] * (b_max + 1), [0] * (b_max + 1)
    last_row_mask = [1 << 31] * (b_max + 1)
    last_row_mask[b_max] = 1 << ((len(pattern) - 1) % WORD)
    empty_peq = [0] * (b_max + 1)
    peq = _peq_table(pattern, b_max)
    y = max(0, _ceil(max_errors / WORD) - 1)
    score = [0] * (b_max + 1)
    for b in range(y + 1):
        score[b] = (b + 1) * WORD
    score[b_max] = len(pattern)
    for b in range(y + 1):
        P[b], M[b] = MASK, 0
    for j, char in enumerate(text):
        char_peq = peq.get(char, empty_peq)
        carry = 0
        for b in range(y + 1):
            carry = _advance_block(P, M, last_row_mask, char_peq, b, carry)
            score[b] += carry
        if score[y] - carry <= max_errors and y < b_max and (char_peq[y + 1] & 1 or carry < 0):
            y += 1
            P[y], M[y] = MASK, 0
            if y == b_max:
                remainder = len(pattern) % WORD
                max_block_score = WORD if remainder == 0 else remainder
            else:
                max_block_score = WORD
            score[y] = score[y - 1] + max_block_score - carry + _advance_block(
                P, M, last_row_mask, char_peq, y, carry)
        else:
            while y > 0 and score[y] >= max_errors + WORD:
                y -= 1
        if y == b_max and score[y] <= max_errors:
            if score[y] < max_errors:
                matches.clear()
            matches.append(Match(-1, j + 1, score[y]))
            max_errors = score[y]
    return matches


def _ceil(x: float) -> int:
    whole = int(x)
    return whole + 1 if whole < x else whole


def approx_search(text: str, pattern: str, max_errors: float) -> list[Match]:
    """approx-string-match's `search`: the lowest-error matches, each with its start."""
    pattern_reversed = pattern[::-1]
    found = []
    for m in find_match_ends(text, pattern, max_errors):
        min_start = max(0, m.end - len(pattern) - m.errors)
        text_reversed = text[min_start:m.end][::-1]
        start = m.end
        for rm in find_match_ends(text_reversed, pattern_reversed, m.errors):
            if m.end - rm.end < start:
                start = m.end - rm.end
        found.append(Match(start, m.end, m.errors))
    return found


def _search(text: str, pattern: str, max_errors: float) -> list[Match]:
    exact, at = [], text.find(pattern)
    while at != -1:
        exact.append(Match(at, at + len(pattern), 0))
        at = text.find(pattern, at + 1)
    return exact or approx_search(text, pattern, max_errors)


def _text_match_score(text: str, pattern: str) -> float:
    if not pattern or not text:
        return 0.0
    return 1 - _search(text, pattern, len(pattern))[0].errors / len(pattern)


def match_quote(text: str, quote: str, prefix: str = "", suffix: str = "",
                hint: int | None = None) -> tuple[int, int, float] | None:
    """match-quote.ts's `matchQuote`: (start, end, score) of the best match, or None."""
    if not quote:
        return None
    matches = _search(text, quote, min(256, len(quote) / 2))
    if not matches:
        return None

    def score(m: Match) -> float:
        quote_score = 1 - m.errors / len(quote)
        prefix_score = _text_match_score(text[max(0, m.start - len(prefix)):m.start], prefix) if prefix else 1.0
        suffix_score = _text_match_score(text[m.end:m.end + len(suffix)], suffix) if suffix else 1.0
        position_score = 1.0 if hint is None else 1.0 - abs(m.start - hint) / len(text)
        return (50 * quote_score + 20 * prefix_score + 20 * suffix_score + 2 * position_score) / 92

    best = sorted(((score(m), m) for m in matches), key=lambda pair: -pair[0])[0]
    return best[1].start, best[1].end, best[0]


def anchor(text: str, exact: str, prefix: str, suffix: str, start: int, end: int) -> tuple[int, int] | None:
    """Where Hypothesis puts an annotation with these selectors in `text`: the position when the quote is
    still there, else the best quote match (hinted by the old start); None when it finds nothing."""
    if 0 <= start <= end <= len(text) and text[start:end] == exact:
        return start, end
    found = match_quote(text, exact, prefix, suffix, start)
    return None if found is None else (found[0], found[1])
