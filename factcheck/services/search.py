"""Full-text search over claims and their claimants: SQLite FTS5 or PostgreSQL text search, one contract.

The words of a claim (its text and quote) are indexed by `claim_fts` (FTS5 on SQLite, a GIN index on
PostgreSQL); claimant names by `claim_fts_claimant`. Both databases stem English words (Porter), a
claim matches when every word of the query is in its words or in its claimant's name, and results
rank by how well the claim's words match. User input never reaches the query syntax: it is cut into
words and each word is quoted (FTS5) or passed as a plain-text query (PostgreSQL).
"""

import re

from sqlalchemy import Float, and_, func, literal, literal_column, or_, select, text, union_all
from sqlalchemy.sql import Select

from factcheck.extensions import db
from factcheck.models import Claim, Claimant

MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)
# Must match the expressions of the claim_fts and claim_fts_claimant indexes, or the planner will not use them.
POSTGRES_CLAIM_DOCUMENT = "to_tsvector('english', coalesce(claim.text, '') || ' ' || coalesce(claim.anchor_exact, ''))"
POSTGRES_CLAIMANT_DOCUMENT = "to_tsvector('english', claimant.name)"


def search_terms(query: str | None) -> list[str]:
    """The words of a reader's query, lower-cased, without any search-syntax characters."""
    return [word.lower() for word in _WORD.findall(query or "")][:MAX_TERMS]


def fts5_phrase(*terms: str) -> str:
    """An FTS5 query of quoted strings, ORed: no operator or column filter can slip through."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def matching_claims(query: str | None) -> Select | None:
    """SELECT (claim_id, rank) of the claims matching every word of `query`; lower rank = better.

    None when the query has no words. Join it to a claim query, order by `rank`, then newest first.
    """
    terms = search_terms(query)
    if not terms:
        return None
    if db.session.get_bind().dialect.name == "postgresql":
        return _postgresql_matches(terms)
    return _sqlite_matches(terms)


def _fts5_rowids(table: str, match: str) -> Select:
    return select(literal_column(f"{table}.rowid")).select_from(text(table)).where(
        literal_column(table).op("MATCH")(match))


def _sqlite_matches(terms: list[str]) -> Select:
    # Claims with every word in their own words (FTS5 intersects the lists, bm25 ranks them), plus claims
    # whose claimant's name has some of the words and which have the others in their own words.
    every_word = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    by_words = (select(literal_column("claim_fts.rowid").label("claim_id"),
                       literal_column("bm25(claim_fts)", Float).label("rank"))
                .select_from(text("claim_fts"))
                .where(literal_column("claim_fts").op("MATCH")(every_word)))
    by_claimant = select(Claim.id, literal(0.0, Float)).where(
        Claim.claimant_id.in_(_fts5_rowids("claim_fts_claimant", fts5_phrase(*terms))))
    if len(terms) > 1:
        by_claimant = by_claimant.where(and_(*[
            or_(Claim.id.in_(_fts5_rowids("claim_fts", fts5_phrase(term))),
                Claim.claimant_id.in_(_fts5_rowids("claim_fts_claimant", fts5_phrase(term))))
            for term in terms
        ]))
    candidates = union_all(by_words, by_claimant).subquery("candidates")
    # A UNION drives the search: a LEFT JOIN onto the ranked words would be scanned once per claim.
    return select(candidates.c.claim_id, func.min(candidates.c.rank).label("rank")).group_by(candidates.c.claim_id)


def _postgresql_matches(terms: list[str]) -> Select:
    claim_words = literal_column(POSTGRES_CLAIM_DOCUMENT)
    claimant_words = literal_column(POSTGRES_CLAIMANT_DOCUMENT)

    def term_matches(term: str):
        query = func.plainto_tsquery(literal_column("'english'"), term)
        return or_(
            func.numnode(query) == 0,  # a stop word ("the") matches everything, as it nearly does in FTS5
            claim_words.op("@@")(query),
            Claim.claimant_id.in_(select(Claimant.id).where(claimant_words.op("@@")(query))),
        )

    any_term = func.to_tsquery(literal_column("'english'"), " | ".join(
        "'" + term.replace("'", "''") + "'" for term in terms))  # \w+ words, quoted as lexemes
    return (select(Claim.id.label("claim_id"), (-func.ts_rank(claim_words, any_term)).label("rank"))
            .where(and_(*[term_matches(term) for term in terms])))
