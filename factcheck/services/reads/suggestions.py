"""Suggested links: claims elsewhere that are probably about the same thing and not linked yet."""

import math
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import select, text, union
from sqlalchemy.orm import selectinload

from factcheck.extensions import db
from factcheck.i18n import N_, Percent, kept_message, kept_words
from factcheck.models import Claim, ClaimLink, Evidence
from factcheck.services.text.claim_text import (
    STOPWORDS, UNITS, Quantity, content_stems, counts_people, events_of, quantities, words,
)

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

def compare_figures(a: "Profile", b: "Profile", similarity: float) -> tuple[float, str] | None:
    """A signal from the figures of two claims: counts of the same thing that disagree, or one rare figure both give."""
    shared_events = a.events & b.events
    if (a.events or b.events) and not shared_events:
        return None
    for qa in a.quantities:
        for qb in b.quantities:
            if qa.value is not None and qa.value == qb.value:
                if qa.specific and qa.noun == qb.noun:
                    return WEIGHT_SAME_FIGURE, kept_message(N_("same figure: %(figure)s"), figure=qa.said)
                continue
            if qa.said == qb.said:
                continue
            if shared_events and counts_people(qa) and counts_people(qb):
                return WEIGHT_NUMBERS, _disagree(qa, qb)
            if qa.noun is not None and qa.noun == qb.noun:
                needed = SIMILAR_WORDING * 1.5 if qa.noun in UNITS else SIMILAR_WORDING
                if shared_events or similarity >= needed:
                    return WEIGHT_NUMBERS * 0.7, _disagree(qa, qb)
    return None


def _disagree(qa: "Quantity", qb: "Quantity") -> dict:
    return kept_message(N_("numbers disagree: %(one)s vs %(other)s"), one=qa.said, other=qb.said)


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
    reasons: list[dict]


@dataclass
class Suggestion:
    claim: Claim
    score: float
    reasons: list[dict] = field(default_factory=list)  # kept messages (factcheck.i18n.kept_message)

    @property
    def reason(self) -> str:
        """The reasons in the request's language: the desk's, and English in the API (its contract)."""
        return "; ".join(kept_words(reason) for reason in self.reasons)


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
            signals.append((WEIGHT_OPPOSITE_STANCE, kept_message(
                N_("same source cited with the opposite stance (%(source)s)"), source=name)))
        elif mine == theirs and mine in BOTH_SAY:
            signals.append((WEIGHT_SHARED_SOURCE, kept_message(BOTH_SAY[mine], source=name)))
    return sorted(signals, key=lambda s: -s[0])[:1]


BOTH_SAY = {"supports": N_("both support on the same source (%(source)s)"),
            "contradicts": N_("both contradict on the same source (%(source)s)")}


def rank(target: Profile, candidate: Profile, idf: dict[str, float], names: dict[int, str]) -> "Ranked":
    signals: list[tuple[float, dict | None]] = []
    similarity = wording_similarity(target, candidate, idf)
    same_claimant = target.claimant_id is not None and target.claimant_id == candidate.claimant_id
    percent = Percent(round(similarity, 2))
    wording = kept_message(N_("%(percent)s similar wording"), percent=percent)
    if same_claimant:
        signals.append((WEIGHT_CLAIMANT + similarity * (1 - WEIGHT_CLAIMANT),
                        kept_message(N_("same claimant, %(percent)s similar wording"), percent=percent)))
    elif similarity >= SIMILAR_WORDING:
        signals.append((similarity, wording))
    else:
        signals.append((similarity, None))
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
