"""Splitting article text into sentences with code-point offsets (a pure function)."""

import re
from dataclasses import dataclass

# Words that end with a full stop without ending a sentence (compared in lower case).
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm gov sen rep pres rev hon "
    "inc ltd co corp dept univ no nos vol fig approx est vs etc al cf ca "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun "
    "e.g i.e u.s u.k u.n a.m p.m "
    # Russian: "гг." (years), "тыс." and "млн" (thousands, millions), "т.д." (and so on), "им." (named after) …
    "гг тыс млн млрд руб коп долл др пр проф акад ген обл ул пл просп им см ср напр рис стр тел т.д т.п т.е т.к "
    "н.э".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"”’'»)\]]*(\s+)")
_STARTS_SENTENCE = re.compile(r"[\"“‘'«(\[]*(?:[—–]\s)?[A-Z0-9À-ÖØ-ÞА-ЯЁӘҒҚҢӨҰҮҺІЄЇЎ]")
_LINES = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def _ends_with_abbreviation(line: str, stop: int) -> bool:
    """True when the full stop at `stop` closes an abbreviation or an initial."""
    if line[stop] != ".":
        return False
    word = re.search(r"([\w.]+)$", line[:stop])
    if not word:
        return False
    token = word.group(1).lower()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _line_spans(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _BOUNDARY.finditer(line):
        after = match.end()
        if after >= len(line) or not _STARTS_SENTENCE.match(line, after):
            continue
        if _ends_with_abbreviation(line, match.start()):
            continue
        spans.append((start, match.start(1)))
        start = after
    spans.append((start, len(line)))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` in order; each line break also ends a sentence (headings, lists)."""
    sentences: list[Sentence] = []
    for line_match in _LINES.finditer(text):
        offset = line_match.start()
        line = line_match.group()
        for start, end in _line_spans(line):
            chunk = line[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            begin = offset + start + lead
            sentences.append(Sentence(len(sentences), begin, begin + len(stripped), stripped))
    return sentences
