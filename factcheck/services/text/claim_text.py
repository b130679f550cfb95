"""What a claim's words say, for comparing claims: content stems, the figures it gives (Quantity) and the
events those figures count. Plain functions of text; no database."""

import functools
import re
from dataclasses import dataclass

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
once only or other our out over own same she should so some such than that the their theirs them then there
these they this those through to too under until up very was we were what when where which while who whom
why will with would you your said says say according reported reports told
""".split())

WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+", re.UNICODE)
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Vague quantities: a figure in words that disagrees with any exact count.
VAGUE_QUANTITIES = {"dozen", "dozens", "scores", "hundreds", "thousands", "millions", "several", "numerous"}
# A count of these is a duration or a date, not an amount that two claims could disagree about.
TIME_UNITS = {"year", "month", "week", "day", "hour", "minut", "decad", "time", "st", "nd", "rd", "th"}
# Units say how much, not of what: two claims only disagree about them when their wording is alike.
UNITS = {"percent", "per", "%", "dollar", "tenge", "euro", "rubl", "pound", "kilometr", "ton", "point"}
# Nouns that count the same kind of thing, and events that make two counts about the same thing.
PEOPLE = ("protest", "attack", "peopl", "person", "demonstr", "civilian", "crimin", "bandit", "polic", "offic",
          "soldi", "troop", "milit", "riot", "terrorist", "victim", "memb", "journalist", "resid", "citizen",
          "casualt", "men", "women", "child")
EVENTS = {
    "casualties": ("kill", "dead", "die", "death", "elimin", "slain", "murder", "fatal"),
    "injuries": ("injur", "wound", "hurt"),
    "detentions": ("arrest", "detain", "detent", "jail", "imprison"),
}
NUMBER_FILLER = {"of", "more", "than", "over", "about", "around", "nearly", "almost", "at", "least", "some",
                 "up", "to", "the", "a", "an", "other", "others", "another", "fewer", "less", "only", "just"}
SUFFIXES = ("ations", "ation", "ated", "ating", "ate", "ings", "ing", "ed", "ers", "er", "ors", "or", "ly")


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light English stem, the same for "prices"/"price", "killed"/"kill", "restored"/"restore"."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def words(value: str) -> list[str]:
    return WORD.findall((value or "").lower())


NOT_CONTENT = STOPWORDS | NUMBER_WORDS.keys() | MULTIPLIERS.keys()
FIGURE_WORDS = NUMBER_WORDS.keys() | VAGUE_QUANTITIES


def content_stems(value: str) -> list[str]:
    return [stem(w) for w in words(value) if len(w) > 1 and w not in NOT_CONTENT and not w[0].isdigit()]


@dataclass(frozen=True)
class Quantity:
    """A figure in a claim: what it says ("26", "dozens"), its value when exact, and the noun it counts."""

    said: str
    value: float | None
    noun: str | None

    @property
    def specific(self) -> bool:
        """A figure unlikely to turn up by chance: 26 or 4.1 or 2,500, not 10 or 100."""
        value = self.value
        if value is None or (1900 <= value <= 2100 and value == int(value)):
            return False
        return value != int(value) or (value > 10 and value % 100 != 0) or (value > 1000 and value % 1000 != 0)


def number_value(token: str) -> float | None:
    digits = token.rstrip("%").replace(",", "")
    if digits.replace(".", "", 1).isdigit():
        return float(digits)
    return NUMBER_WORDS.get(token)


def quantities(value: str) -> list[Quantity]:
    """The numbers and number words of a text, each with the first content word after it."""
    tokens = words(value)
    if not any(t[0].isdigit() or t in FIGURE_WORDS for t in tokens):
        return []
    found, i = [], 0
    while i < len(tokens):
        start, amount = i, number_value(tokens[i])
        vague = amount is None and tokens[i] in VAGUE_QUANTITIES
        if amount is None and not vague:
            i += 1
            continue
        while i + 1 < len(tokens) and tokens[i + 1] in MULTIPLIERS:
            i += 1
            amount = None if vague else (amount or 1) * MULTIPLIERS[tokens[i]]
        following = (w for w in tokens[i + 1:i + 5] if w not in NUMBER_FILLER and w not in STOPWORDS)
        noun = "percent" if tokens[i].endswith("%") else stem(next(following, "") or "") or None
        said = " ".join(tokens[start:i + 1])
        i += 1
        is_year = amount is not None and 1900 <= amount <= 2100 and "," not in said and start == i - 1
        if noun in TIME_UNITS or is_year:
            continue
        found.append(Quantity(said, amount, noun))
    return found


@functools.lru_cache(maxsize=100_000)
def event_of(stem_: str) -> str | None:
    return next((name for name, markers in EVENTS.items() if stem_.startswith(markers)), None)


def events_of(stems: set[str]) -> set[str]:
    return {event for event in map(event_of, stems) if event}


def counts_people(quantity: Quantity) -> bool:
    return quantity.noun is not None and quantity.noun.startswith(PEOPLE)
