"""Suggested links: claims elsewhere that are probably about the same thing and not linked yet."""

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import select, text, union
from sqlalchemy.orm import selectinload

from factcheck.extensions import db
from factcheck.models import Claim, ClaimLink, Evidence

# How many claims the full-text search hands to the ranking, and how many suggestions come back.
SEARCH_CANDIDATES = 200
SOURCE_CANDIDATES = 50
CLAIMANT_CANDIDATES = 25
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
MIN_SCORE = 0.25
MAX_QUERY_TERMS = 10
# The full-text query keeps its rarest words while the claims they match stay under this budget.
MATCH_BUDGET = 5000
MIN_QUERY_TERMS = 2
# The stored words of a claim, which the claim_fts GIN index covers (see the claim_search_document migration).
POSTGRES_DOCUMENT = "search_document"

# What each signal adds; signals combine as a noisy-or, so the score stays between 0 and 1.
WEIGHT_OPPOSITE_STANCE = 0.6
WEIGHT_SHARED_SOURCE = 0.25
WEIGHT_NUMBERS = 0.5
WEIGHT_SAME_FIGURE = 0.3
WEIGHT_CLAIMANT = 0.15
SIMILAR_WORDING = 0.3

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


def compare_figures(a: "Profile", b: "Profile", similarity: float) -> tuple[float, str] | None:
    """A signal from the figures of two claims: counts of the same thing that disagree, or one rare figure both give."""
    shared_events = a.events & b.events
    if (a.events or b.events) and not shared_events:
        return None
    for qa in a.quantities:
        for qb in b.quantities:
            if qa.value is not None and qa.value == qb.value:
                if qa.specific and qa.noun == qb.noun:
                    return WEIGHT_SAME_FIGURE, f"same figure: {qa.said}"
                continue
            if qa.said == qb.said:
                continue
            if shared_events and counts_people(qa) and counts_people(qb):
                return WEIGHT_NUMBERS, f"numbers disagree: {qa.said} vs {qb.said}"
            if qa.noun is not None and qa.noun == qb.noun:
                needed = SIMILAR_WORDING * 1.5 if qa.noun in UNITS else SIMILAR_WORDING
                if shared_events or similarity >= needed:
                    return WEIGHT_NUMBERS * 0.7, f"numbers disagree: {qa.said} vs {qb.said}"
    return None


@dataclass
class Profile:
    """What the ranking compares about one claim, computed once."""

    claim_id: int
    claimant_id: int | None
    stems: set[str]
    normalised: str
    quantities: list[Quantity]
    events: set[str]
    stances: dict[int, str]  # source id → stance


def source_name(source) -> str:
    return source.publisher or source.title or source.url


def profile(claim, stances: dict[int, str]) -> Profile:
    """`claim` is a Claim or a row with its id, text, anchor_exact and claimant_id."""
    document = claim.text if not claim.anchor_exact or claim.anchor_exact in claim.text \
        else f"{claim.text} {claim.anchor_exact}"
    stems = content_stems(document)
    return Profile(claim.id, claim.claimant_id, set(stems), " ".join(stems), quantities(claim.text),
                   events_of(set(stems)), stances)


@dataclass
class Ranked:
    claim_id: int
    score: float
    reasons: list[str]


@dataclass
class Suggestion:
    claim: Claim
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


# -- finding candidates ------------------------------------------------------------------------------

def query_terms(claim: Claim) -> list[str]:
    """The distinct content words of the claim (and its quote) to search for, longest first."""
    seen = dict.fromkeys(w for w in words(f"{claim.text} {claim.anchor_exact or ''}")
                         if w not in STOPWORDS and w.isalnum() and (len(w) > 2 or w.isdigit()))
    return sorted(seen, key=len, reverse=True)[:MAX_QUERY_TERMS]


def match_query(dialect: str, terms: list[str]) -> str:
    if dialect == "postgresql":
        return " | ".join(terms)
    return " OR ".join(f'"{term}"' for term in terms)


def match_clause(dialect: str, parameter: str) -> str:
    if dialect == "postgresql":
        return f"{POSTGRES_DOCUMENT} @@ to_tsquery('english', :{parameter})"
    return f"claim_fts MATCH :{parameter}"


def document_frequencies(dialect: str, terms: list[str]) -> list[int]:
    """How many claims contain each term, in one statement (each count reads one posting list)."""
    table = "claim" if dialect == "postgresql" else "claim_fts"
    counts = ", ".join(f"(SELECT count(*) FROM {table} WHERE {match_clause(dialect, f't{i}')})"
                       for i in range(len(terms)))
    parameters = {f"t{i}": match_query(dialect, [term]) for i, term in enumerate(terms)}
    return list(db.session.execute(text(f"SELECT {counts}"), parameters).one())


def selective_terms(dialect: str, terms: list[str]) -> list[str]:
    """The rarest terms, as many as fit in the budget of matching rows: common words make ranking slow and say little."""
    frequencies = sorted(zip(document_frequencies(dialect, terms), terms))
    chosen, matched = [], 0
    for frequency, term in frequencies:
        if frequency == 0:
            continue
        if len(chosen) >= MIN_QUERY_TERMS and matched + frequency > MATCH_BUDGET:
            break
        chosen.append(term)
        matched += frequency
    return chosen


def search_candidates(claim: Claim) -> list[int]:
    """Claims sharing rare words with this one, best full-text rank first (FTS5 on SQLite, tsvector on PostgreSQL)."""
    dialect = db.session.get_bind().dialect.name
    terms = query_terms(claim)
    terms = selective_terms(dialect, terms) if terms else []
    if not terms:
        return []
    if dialect == "postgresql":
        statement = text(
            f"SELECT id FROM claim WHERE {match_clause(dialect, 'q')} AND id <> :id "
            f"ORDER BY ts_rank({POSTGRES_DOCUMENT}, to_tsquery('english', :q)) DESC, id LIMIT :n")
    else:
        statement = text(f"SELECT rowid FROM claim_fts WHERE {match_clause(dialect, 'q')} AND rowid <> :id "
                         "ORDER BY rank, rowid LIMIT :n")
    parameters = {"q": match_query(dialect, terms), "id": claim.id, "n": SEARCH_CANDIDATES}
    return list(db.session.scalars(statement, parameters))


def source_candidates(claim: Claim) -> list[int]:
    """Claims that cite a source this claim cites."""
    source_ids = [e.source_id for e in claim.evidence]
    if not source_ids:
        return []
    return list(db.session.scalars(
        select(Evidence.claim_id).where(Evidence.source_id.in_(source_ids), Evidence.removed_at.is_(None),
                                        Evidence.claim_id != claim.id)
        .distinct().order_by(Evidence.claim_id.desc()).limit(SOURCE_CANDIDATES)))


def claimant_candidates(claim: Claim) -> list[int]:
    """The claimant's other recent claims: a repeated statement is often reworded."""
    if claim.claimant_id is None:
        return []
    return list(db.session.scalars(
        select(Claim.id).where(Claim.claimant_id == claim.claimant_id, Claim.id != claim.id)
        .order_by(Claim.id.desc()).limit(CLAIMANT_CANDIDATES)))


def linked_claim_ids(claim: Claim) -> set[int]:
    live = ClaimLink.removed_at.is_(None)
    # A union, not an OR, so that each half uses its column's index.
    outgoing = select(ClaimLink.to_claim_id).where(ClaimLink.from_claim_id == claim.id, live)
    incoming = select(ClaimLink.from_claim_id).where(ClaimLink.to_claim_id == claim.id, live)
    return set(db.session.scalars(union(outgoing, incoming)))


def load_candidates(ids: list[int]) -> list:
    """The candidates as plain rows: ranking hundreds of them needs no ORM objects."""
    if not ids:
        return []
    return list(db.session.execute(
        select(Claim.id, Claim.text, Claim.anchor_exact, Claim.claimant_id).where(Claim.id.in_(ids))))


def load_claims(ids: list[int]) -> dict[int, Claim]:
    if not ids:
        return {}
    claims = db.session.scalars(select(Claim).where(Claim.id.in_(ids)).options(selectinload(Claim.claimant)))
    return {claim.id: claim for claim in claims}


def shared_stances(claim: Claim, ids: list[int]) -> dict[int, dict[int, str]]:
    """How each candidate cites the sources `claim` cites: {claim id: {source id: stance}}."""
    source_ids = [e.source_id for e in claim.evidence]
    stances: dict[int, dict[int, str]] = {}
    if not source_ids or not ids:
        return stances
    rows = db.session.execute(
        select(Evidence.claim_id, Evidence.source_id, Evidence.stance)
        .where(Evidence.claim_id.in_(ids), Evidence.source_id.in_(source_ids), Evidence.removed_at.is_(None)))
    for claim_id, source_id, stance in rows:
        stances.setdefault(claim_id, {})[source_id] = stance
    return stances


# -- ranking -----------------------------------------------------------------------------------------

def idf_weights(profiles: list[Profile]) -> dict[str, float]:
    """Inverse document frequency within the candidate pool: words every candidate has count little."""
    counts = Counter(s for p in profiles for s in p.stems)
    n = len(profiles)
    return {s: math.log((n + 1) / (c + 1)) + 1 for s, c in counts.items()}


def cosine(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    shared = sum(idf[s] ** 2 for s in a & b)
    return shared / math.sqrt(sum(idf[s] ** 2 for s in a) * sum(idf[s] ** 2 for s in b))


def wording_similarity(a: Profile, b: Profile, idf: dict[str, float]) -> float:
    """TF-IDF cosine of the content words, blended with rapidfuzz's token-set ratio of their stems."""
    if not a.stems or not b.stems:
        return 0.0
    return 0.6 * cosine(a.stems, b.stems, idf) + 0.4 * fuzz.token_set_ratio(a.normalised, b.normalised) / 100


def stance_signals(a: Profile, b: Profile, names: dict[int, str]) -> list[tuple[float, str]]:
    signals = []
    for source_id in sorted(a.stances.keys() & b.stances.keys()):
        mine, theirs, name = a.stances[source_id], b.stances[source_id], names[source_id]
        if {mine, theirs} == {"supports", "contradicts"}:
            signals.append((WEIGHT_OPPOSITE_STANCE, f"same source cited with the opposite stance ({name})"))
        elif mine == theirs and mine != "context":
            signals.append((WEIGHT_SHARED_SOURCE, f"both {mine.removesuffix('s')} on the same source ({name})"))
    return sorted(signals, key=lambda s: -s[0])[:1]


def rank(target: Profile, candidate: Profile, idf: dict[str, float], names: dict[int, str]) -> "Ranked":
    signals: list[tuple[float, str]] = []
    similarity = wording_similarity(target, candidate, idf)
    same_claimant = target.claimant_id is not None and target.claimant_id == candidate.claimant_id
    wording = f"{round(similarity * 100)}% similar wording"
    if same_claimant:
        signals.append((WEIGHT_CLAIMANT + similarity * (1 - WEIGHT_CLAIMANT), f"same claimant, {wording}"))
    elif similarity >= SIMILAR_WORDING:
        signals.append((similarity, wording))
    else:
        signals.append((similarity, ""))
    signals += stance_signals(target, candidate, names)
    figures = compare_figures(target, candidate, similarity)
    if figures:
        signals.append(figures)
    remaining = 1.0
    for weight, _ in signals:
        remaining *= 1 - min(weight, 1.0)
    reasons = [reason for _, reason in sorted(signals, key=lambda s: -s[0]) if reason]
    return Ranked(candidate.claim_id, round(1 - remaining, 3), reasons or [wording])


def suggest_claims(claim: Claim, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """Unlinked claims probably about the same thing as `claim`, best first, in a fixed number of queries."""
    excluded = linked_claim_ids(claim) | {claim.id}
    ids = dict.fromkeys(search_candidates(claim) + source_candidates(claim) + claimant_candidates(claim))
    candidates = load_candidates([i for i in ids if i not in excluded])
    stances = shared_stances(claim, [c.id for c in candidates])
    names = {e.source_id: source_name(e.source) for e in claim.evidence}
    target = profile(claim, {e.source_id: e.stance for e in claim.evidence})
    profiles = [profile(c, stances.get(c.id, {})) for c in candidates]
    idf = idf_weights([target, *profiles])
    ranked = [r for r in (rank(target, p, idf, names) for p in profiles) if r.score >= MIN_SCORE]
    ranked.sort(key=lambda r: (-r.score, r.claim_id))
    ranked = ranked[:max(1, min(limit, MAX_LIMIT))]
    claims = load_claims([r.claim_id for r in ranked])
    return [Suggestion(claims[r.claim_id], r.score, r.reasons) for r in ranked]
