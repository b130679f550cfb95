"""Placing a claim's anchor on a changed article text, and saying how (pure functions).

A verdict must never be attached to words nobody checked, so re-anchoring orphans rather than guesses.
The evidence for a place is the quote itself, the words of the quote's own sentence around it (they
travel with the quote, so they must still agree: a twin phrase in another sentence does not), the wider
context (the 32 characters each side, which moves and deletions change, so it only adds evidence) and
the distance from the old position. Context is compared without spacing and punctuation.
- `exact`: the quote is still at its old place, in its own sentence;
- `moved`: the quote occurs elsewhere, its own sentence agrees around it and, with the context that
  agrees, at least 24 characters agree; no other place fits about as well;
- `fuzzy`: the quote was edited; the passage, snapped to word boundaries, is very similar and its own
  sentence agrees (far from the old place, its wider context too), or it is less similar but sits exactly
  between the old words on both sides, or near its old place it keeps a third of its words in a sentence
  that still half agrees;
- `orphaned`: anything weaker (the quote deleted, ambiguous, or only something like it left): the old
  anchor is kept and the reason says what the closest passage was.
Candidates come from exact occurrences, where the old context now is, the best approximate alignment
anywhere and near the old position. `bench/reanchoring.py` measures it against the Hypothesis client's
matcher (0.2–0.5% of re-anchors on wrong words against 18%, recovering at least as many surviving quotes).
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from factcheck.i18n import N_, Percent, keep, lazy_ngettext
from factcheck.services.text.anchoring import Anchor, anchor_at, occurrences

QUOTES = str.maketrans("“”‘’", "\"\"''")
PUNCTUATION = re.compile(r"[\s,;:\-–—]+")
WORDS = re.compile(r"\w+")
SENTENCE_END = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s|$)|\n")
OWN_CONTEXT_AGREEMENT = 0.8  # the quote's own sentence around it, where there is some, must agree this much
DISTINCTIVE_LENGTH = 24  # characters of quote and agreeing context that make a place the quote's
FUZZY_SIMILARITY = 0.75  # an edited quote at least this similar ...
REWORDED_SIMILARITY, REWORDED_CONTEXT = 0.4, 0.95  # ... or this, between old words agreeing this much
FAR_CONTEXT = 0.9  # an edited quote far from its old place needs this much of its context to agree
NEAR_DISTANCE = 64  # characters from the old start (beyond the quote's length) that count as its place
REWORDED_IN_PLACE, REWORDED_OWN = 0.45, 0.5  # reworded near its place, its own sentence agreeing this much
EDITED_NEAR = 0.55  # an edited quote near its place this similar, with one side of its context agreeing
REWORDED_WORDS = 0.35  # and a reworded quote keeps this share of its words, in order
SUBSTANTIVE_CONTEXT = 8  # characters of own sentence around the quote that tell something
UNRELATED_CONTEXT = 0.6  # own sentence around a quote at its old offset this unlike: another sentence
AMBIGUITY_MARGIN = 0.1  # another place within this much evidence makes the choice ambiguous
EDGE_LENGTH = 32  # a quote longer than twice this has each end snapped by its own first or last words
ANCHOR_LENGTH = 16  # characters of the old context looked up to find where the quote now is


@dataclass(frozen=True)
class Reanchoring:
    status: str  # exact, moved, fuzzy or orphaned
    anchor: Anchor | None
    similarity: float
    reason: str  # factcheck.i18n.keep(): the English sentence's msgid and its figures, said in the reader's language


@dataclass(frozen=True)
class Context:
    """The part of the old prefix and suffix that belongs to the quote's own sentence."""

    own_before: str
    own_after: str

    @classmethod
    def of(cls, old: Anchor) -> "Context":
        breaks = list(SENTENCE_END.finditer(old.prefix))
        own_before = old.prefix[breaks[-1].end():].lstrip() if breaks else old.prefix
        first = SENTENCE_END.search(old.suffix)
        own_after = old.suffix[:first.end()] if first else old.suffix
        if old.exact.rstrip()[-1:] in ".!?…" or old.exact.endswith("\n"):
            own_after = ""
        return cls(own_before, own_after)


@dataclass(frozen=True)
class Candidate:
    """A place the quote may now be, with the evidence for it."""

    start: int
    end: int
    similarity: float  # of the passage to the quote, 0–1
    words: float  # the same, word by word
    own: float  # how well the quote's own sentence agrees around it (the worse side; 1 when it has none)
    own_length: int  # characters of the own sentence around the quote
    own_mean: float  # how well it agrees on both sides together (weighted by their lengths)
    before: float  # agreement of the 32 characters before it with the old prefix
    after: float  # and after it with the old suffix
    length: float  # characters of evidence: the quote and the context that agrees
    near: bool  # close to the old position
    quote_length: int  # of the old quote

    @property
    def evidence(self) -> float:
        return 2 * self.similarity + self.own + (self.before + self.after) / 2

    @property
    def neighbours(self) -> float:
        return max(self.before, self.after)


def _plain(words: str) -> str:
    """Context compared without the punctuation and spacing that edits change without changing words."""
    return PUNCTUATION.sub("", words.translate(QUOTES))


def agreement_before(expected: str, text: str, start: int) -> float:
    """How well the text just before `start` agrees with `expected` (0–1), spacing and punctuation aside;
    an empty expectation agrees only at the start of the text."""
    if not expected:
        return float(not text[:start].strip())
    wanted = _plain(expected)
    found = _plain(text[max(0, start - 2 * len(expected) - 8):start])[-len(wanted):] if wanted else ""
    return Levenshtein.normalized_similarity(wanted, found)


def agreement_after(expected: str, text: str, end: int) -> float:
    """The same for the text just after `end`."""
    if not expected:
        return float(not text[end:].strip())
    wanted = _plain(expected)
    found = _plain(text[end:end + 2 * len(expected) + 8])[:len(wanted)]
    return Levenshtein.normalized_similarity(wanted, found)


def _candidate(old: Anchor, context: Context, text: str, start: int, end: int) -> Candidate:
    own_before = agreement_before(context.own_before, text, start) if context.own_before else 1.0
    own_after = agreement_after(context.own_after, text, end) if context.own_after else 1.0
    before = agreement_before(old.prefix, text, start)
    after = agreement_after(old.suffix, text, end)
    similarity = 1.0 if text[start:end] == old.exact else Levenshtein.normalized_similarity(
        old.exact, text[start:end])
    own = min(own_before, own_after)
    length = similarity * len(old.exact) + own_before * len(context.own_before) + own_after * len(
        context.own_after)
    neighbour = sum(agreement * len(expected) for agreement, expected in (
        (before, old.prefix), (after, old.suffix)) if agreement >= OWN_CONTEXT_AGREEMENT)
    length = max(length, similarity * len(old.exact) + neighbour)
    near = abs(start - old.start) <= NEAR_DISTANCE + len(old.exact)
    own_length = len(context.own_before) + len(context.own_after)
    own_mean = (own_before * len(context.own_before) + own_after * len(context.own_after)) / max(1, own_length)
    words = 1.0 if similarity == 1.0 else Levenshtein.normalized_similarity(
        WORDS.findall(old.exact.lower()), WORDS.findall(text[start:end].lower()))
    return Candidate(start, end, similarity, words, own, own_length, own_mean, before, after, length, near,
                     len(old.exact))


def is_word_boundary(text: str, at: int) -> bool:
    """True between two characters that are not both letters or digits (and at either end)."""
    return at <= 0 or at >= len(text) or not (text[at - 1].isalnum() and text[at].isalnum())


def _starts(text: str, lo: int, hi: int) -> list[int]:
    return [i for i in range(max(0, lo), min(len(text) - 1, hi) + 1)
            if not text[i].isspace() and is_word_boundary(text, i)]


def _ends(text: str, lo: int, hi: int) -> list[int]:
    return [i for i in range(max(1, lo), min(len(text), hi) + 1)
            if not text[i - 1].isspace() and is_word_boundary(text, i)]


def _snap(old: Anchor, context: Context, text: str, start: int, end: int) -> Candidate | None:
    """The passage on word boundaries near [start, end) most similar to the quote (a long quote's ends are
    chosen one at a time, by how well its first and last words agree)."""
    radius = max(8, min(24, len(old.exact) // 3))
    starts = _starts(text, start - radius, start + radius)
    if len(old.exact) > 2 * EDGE_LENGTH:
        head, tail = old.exact[:EDGE_LENGTH], old.exact[-EDGE_LENGTH:]
        starts = starts and [max(starts, key=lambda s: Levenshtein.normalized_similarity(
            head, text[s:s + EDGE_LENGTH]))]
    best = None
    for s in starts:
        ends = _ends(text, max(s + 1, end - radius), end + radius)
        if len(old.exact) > 2 * EDGE_LENGTH:
            ends = ends and [max(ends, key=lambda e: Levenshtein.normalized_similarity(
                tail, text[max(0, e - EDGE_LENGTH):e]))]
        for e in ends:
            similarity = Levenshtein.normalized_similarity(old.exact, text[s:e])
            if best is None or similarity > best[0]:
                best = (similarity, s, e)
    return None if best is None else _candidate(old, context, text, best[1], best[2])


def _windows(old: Anchor, text: str) -> set[tuple[int, int]]:
    """Rough places where the edited quote may be: after the old prefix, before the old suffix, the best
    approximate alignment anywhere and the one near the old position."""
    m = len(old.exact)
    found = {(at + ANCHOR_LENGTH, at + ANCHOR_LENGTH + m) for at in _heads(old, text)}
    found |= {(at - m, at) for at in _tails(old, text)}
    near = (max(0, old.start - 2 * m - 64), min(len(text), old.end + 2 * m + 64))
    # A long quote is looked for by its first and last words: aligning all of it costs too much.
    needles = [(old.exact, 0)] if m <= 2 * EDGE_LENGTH else [
        (old.exact[:2 * EDGE_LENGTH], 0), (old.exact[-2 * EDGE_LENGTH:], m - 2 * EDGE_LENGTH)]
    for lo, hi in ((0, len(text)), near):
        whole = hi - lo <= 2048 and m <= 256  # near the old place the whole quote is cheap enough
        for needle, offset in [(old.exact, 0)] if whole else needles:
            aligned = fuzz.partial_ratio_alignment(needle, text[lo:hi])
            if aligned is not None and aligned.score > 0:
                at = lo + aligned.dest_start - offset
                found.add((at, at + m))
    return {(max(0, s), min(len(text), e)) for s, e in found if s < len(text) and e > 0}


def _heads(old: Anchor, text: str) -> list[int]:
    return occurrences(text, old.prefix[-ANCHOR_LENGTH:])[:20] if len(old.prefix) >= ANCHOR_LENGTH else []


def _tails(old: Anchor, text: str) -> list[int]:
    return occurrences(text, old.suffix[:ANCHOR_LENGTH])[:20] if len(old.suffix) >= ANCHOR_LENGTH else []


def _bracketed(old: Anchor, context: Context, text: str) -> list[Candidate]:
    """The passages exactly between where the end of the old prefix and the start of the suffix now are."""
    found = []
    for head in _heads(old, text):
        start = head + ANCHOR_LENGTH
        for end in _tails(old, text):
            if not 0 < end - start <= 2 * len(old.exact) + 16:
                continue
            s, e = start, end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e and is_word_boundary(text, s) and is_word_boundary(text, e):
                found.append(_candidate(old, context, text, s, e))
    return found


def _between_context(old: Anchor, context: Context, text: str, start: int, end: int) -> Candidate | None:
    """The passage near [start, end) that lies between where the old prefix and suffix best align."""
    radius = len(old.exact) // 4 + 8
    lo, hi = start, end
    if old.prefix:
        window_start = max(0, start - len(old.prefix) - radius)
        aligned = fuzz.partial_ratio_alignment(old.prefix, text[window_start:start + radius])
        if aligned is not None:
            lo = _edge(text, window_start + aligned.dest_end,
                       lambda at: agreement_before(old.prefix, text, at))
    if old.suffix:
        window_start = max(0, end - radius)
        aligned = fuzz.partial_ratio_alignment(old.suffix, text[window_start:end + len(old.suffix) + radius])
        if aligned is not None:
            hi = _edge(text, window_start + aligned.dest_start,
                       lambda at: agreement_after(old.suffix, text, at))
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if hi - lo < len(old.exact) / 3 or not (is_word_boundary(text, lo) and is_word_boundary(text, hi)):
        return None
    return _candidate(old, context, text, lo, hi)


def _edge(text: str, near: int, agreement) -> int:
    """The word boundary within a few characters of `near` where the context agrees best."""
    edges = [at for at in range(max(0, near - 4), min(len(text), near + 4) + 1) if is_word_boundary(text, at)]
    return max(edges, key=lambda at: (agreement(at), -abs(at - near)), default=near)


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    """Best first, one per place (overlapping candidates are the same place)."""
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-c.evidence, c.start)):
        if all(c.end <= k.start or k.end <= c.start for k in kept):
            kept.append(c)
    return kept


# Each reason is one whole sentence for translators (lowercase, no full stop: the desk capitalises it and
# adds one; the API gives it as it is).
MOVED = N_("moved from %(old)s to %(new)s: its own sentence agrees around it (%(own)s) and %(length)s characters "
           "agree")
EDITED_NEAR_ITS_PLACE = N_("the quote was edited: the passage found is %(similarity)s similar, near its old place, "
                           "and the words around it agree (%(own)s of its sentence, %(neighbours)s of the context)")
EDITED_ELSEWHERE = N_("the quote was edited: the passage found is %(similarity)s similar, elsewhere, and the words "
                      "around it agree (%(own)s of its sentence, %(neighbours)s of the context)")
EDITED_BETWEEN = N_("the quote was edited: the passage found is %(similarity)s similar, and exactly between the old "
                    "words before and after it (%(before)s, %(after)s)")
EDITED_REWORDED = N_("the quote was edited: the passage found is %(similarity)s similar, reworded near its old "
                     "place, in its own sentence (%(alike)s alike)")
IN_PLACE = N_("the quote is still at its place")
AMBIGUOUS = N_("two places fit about equally well, so neither is trusted; the old anchor is kept")
ANOTHER_SENTENCE = N_("its words are still there, but its own sentence around them is another one; the old anchor "
                      "is kept")
NOTHING_ALIKE = N_("nothing in the new text resembles the quote; the old anchor is kept")
TOO_LITTLE = N_("the closest passage (“%(passage)s”) is %(similarity)s similar, its own sentence %(own)s alike and "
                "%(length)s characters agree: too little to be sure; the old anchor is kept")


def _why_moved(c: Candidate) -> dict | None:
    if c.own >= OWN_CONTEXT_AGREEMENT and c.length >= DISTINCTIVE_LENGTH:
        return {"message": MOVED, "own": Percent(c.own), "length": round(c.length)}
    return None


def _why_edited(c: Candidate) -> dict | None:
    """Why an edited passage is the quote, or None when the evidence is too weak."""
    agreeing = c.own >= OWN_CONTEXT_AGREEMENT and c.length >= DISTINCTIVE_LENGTH and (
        c.own_length >= SUBSTANTIVE_CONTEXT or c.neighbours >= OWN_CONTEXT_AGREEMENT)
    if c.similarity >= FUZZY_SIMILARITY and agreeing and (c.near or c.neighbours >= FAR_CONTEXT):
        return {"message": EDITED_NEAR_ITS_PLACE if c.near else EDITED_ELSEWHERE, "similarity": Percent(c.similarity),
                "own": Percent(c.own), "neighbours": Percent(c.neighbours)}
    if (c.similarity >= REWORDED_SIMILARITY and c.words >= REWORDED_WORDS
            and min(c.before, c.after) >= REWORDED_CONTEXT):
        return {"message": EDITED_BETWEEN, "similarity": Percent(c.similarity), "before": Percent(c.before),
                "after": Percent(c.after)}
    in_own_sentence = c.own_mean >= REWORDED_OWN and c.own_length >= SUBSTANTIVE_CONTEXT
    one_side_agrees = (c.similarity >= EDITED_NEAR and c.neighbours >= FUZZY_SIMILARITY
                       and c.quote_length >= DISTINCTIVE_LENGTH)
    if c.near and c.words >= REWORDED_WORDS and c.similarity >= REWORDED_IN_PLACE and (
            in_own_sentence or one_side_agrees):
        return {"message": EDITED_REWORDED, "similarity": Percent(c.similarity), "alike": Percent(c.own_mean)}
    return None


def _choose(found: list[Candidate], why) -> tuple[Candidate | None, dict | None]:
    """The accepted candidate with the most evidence, unless another place comes close."""
    accepted = [(c, reason) for c in found if (reason := why(c)) is not None]
    if not accepted:
        return None, None
    best, reason = accepted[0]
    if any(o.evidence > best.evidence - AMBIGUITY_MARGIN for o in found if o is not best):
        return None, {"message": AMBIGUOUS}
    return best, reason


def _weakest(found: list[Candidate], text: str) -> dict:
    if not found:
        return {"message": NOTHING_ALIKE}
    best = found[0]
    passage = text[best.start:best.end]
    passage = passage if len(passage) <= 40 else passage[:39] + "…"
    return {"message": TOO_LITTLE, "passage": passage, "similarity": Percent(best.similarity),
            "own": Percent(best.own), "length": round(best.length)}


def _in_place(old: Anchor, context: Context, text: str) -> bool:
    """False when the quote is at its old offset but in another sentence: a side of its own sentence
    disagrees, and that side is substantive or its wider context disagrees too."""
    start, end = old.start, old.start + len(old.exact)
    sides = ((context.own_before, agreement_before, start, old.prefix),
             (context.own_after, agreement_after, end, old.suffix))
    for own, agreement, at, wide in sides:
        if own and agreement(own, text, at) < UNRELATED_CONTEXT and (
                len(own) >= SUBSTANTIVE_CONTEXT or agreement(wide, text, at) < UNRELATED_CONTEXT):
            return False
    return True


def reanchor(old: Anchor, text: str) -> Reanchoring:
    """Where the claim anchored by `old` now is in `text`, and how sure we are; orphaned when unsure."""
    context = Context.of(old)
    exact = [_candidate(old, context, text, s, s + len(old.exact)) for s in occurrences(text, old.exact)]
    in_place = next((c for c in exact if c.start == old.start), None)
    if in_place is not None and _in_place(old, context, text) and not any(
            c.evidence > in_place.evidence + AMBIGUITY_MARGIN for c in exact):
        return Reanchoring("exact", anchor_at(text, old.start, in_place.end), 1.0, keep(IN_PLACE))
    moved, why = _choose(_distinct(exact), _why_moved)
    if moved is not None:
        return Reanchoring("moved", anchor_at(text, moved.start, moved.end), 1.0,
                           _kept(why, old=old.start, new=moved.start))
    windows = [c for w in _windows(old, text)
               for c in (_snap(old, context, text, *w), _between_context(old, context, text, *w)) if c is not None]
    # A passage that holds the quote word for word is no edit of it (only text added beside it): the exact
    # occurrences speak for that place.
    edits = [c for c in windows + _bracketed(old, context, text) if old.exact not in text[c.start:c.end]]
    found = _distinct(exact + edits)
    edited, why_edited = _choose(found, _why_edited)
    if edited is not None and edited.similarity < 1.0:
        return Reanchoring("fuzzy", anchor_at(text, edited.start, edited.end), round(edited.similarity, 3),
                           _kept(why_edited))
    if edited is not None:
        why_edited = {"message": ANOTHER_SENTENCE}
    reason = why or why_edited or ({"message": lazy_ngettext(
        "the quote occurs %(num)s time elsewhere, in other words; the old anchor is kept",
        "the quote occurs %(num)s times elsewhere, in other words; the old anchor is kept", len(exact))}
        if exact else _weakest(found, text))
    return Reanchoring("orphaned", None, 0.0, _kept(reason))


def _kept(reason: dict, **more) -> str:
    """A reason (its message and figures) as keep() stores it."""
    reason = {**reason, **more}
    return keep(reason.pop("message"), **reason)
