"""Full-text search over claims and their claimants: SQLite FTS5 or PostgreSQL text search, one contract.

The words of a claim (its text and quote) are indexed by `claim_fts` (FTS5 on SQLite; on PostgreSQL a GIN
index over the stored `claim.search_document`); claimant names by `claim_fts_claimant`. Both databases stem
English words (Porter), a claim matches when every word of the query is in its words or in its claimant's
name, and results rank by how well the claim's words match. User input never reaches the query syntax: it
is cut into words and each word is quoted (FTS5) or passed as a plain-text query (PostgreSQL).

A search first asks which claimants' names hold which words (one small statement). Usually none do, and
the search is one index lookup of the claims' words; otherwise the claims of those claimants are added.
On PostgreSQL the words are a condition on the claim row and the rank an expression of it, so a search
reads the matching rows once; on SQLite the FTS5 table hands over the matching ids and their bm25 rank.
"""

import re
from dataclasses import dataclass

from sqlalchemy import Float, and_, bindparam, func, literal, literal_column, or_, select, text, true, union_all
from sqlalchemy.sql import ColumnElement, Select

from factcheck.extensions import db
from factcheck.models import Claim

MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)
# Must match the claim_fts and claim_fts_claimant indexes, or the planner will not use them.
POSTGRES_CLAIM_DOCUMENT = "claim.search_document"
POSTGRES_CLAIMANT_DOCUMENT = "to_tsvector('english', claimant.name)"


@dataclass(frozen=True)
class Matches:
    """The claims matching a search.

    `where` is a condition on a claim row: filter (and count) a claim query by it. Then `ranked_by` gives
    the query and the column to order it by, best first: on PostgreSQL an expression of the claim row,
    on SQLite the bm25 rank of the FTS5 table, joined.
    """

    where: ColumnElement
    rank: ColumnElement | None = None  # an expression of the claim row (PostgreSQL)
    ranked: Select | None = None  # (claim_id, rank) to join (SQLite)

    def ranked_by(self, query: Select) -> tuple[Select, ColumnElement]:
        if self.rank is not None:
            return query, self.rank
        ranked = self.ranked.subquery("matches")
        return query.join(ranked, ranked.c.claim_id == Claim.id), ranked.c.rank


def best_first(query: Select, matches: Matches, newest, offset: int, limit: int) -> Select:
    """A page of `query` (claims filtered by `matches.where`): best match first, then by `newest`, latest first.

    The matching claims are ranked as narrow rows (id, rank, date), and only the page's claims are loaded.
    """
    query, rank = matches.ranked_by(query)
    page = (query.with_only_columns(Claim.id.label("id"), rank.label("rank"), newest.label("newest"))
            .order_by(rank, newest.desc(), Claim.id.desc()).offset(offset).limit(limit).subquery("page"))
    return select(Claim).join(page, page.c.id == Claim.id).order_by(page.c.rank, page.c.newest.desc(),
                                                                       page.c.id.desc())


def search_terms(query: str | None) -> list[str]:
    """The words of a reader's query, lower-cased, without any search-syntax characters."""
    return [word.lower() for word in _WORD.findall(query or "")][:MAX_TERMS]


def _fts5_quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts5_phrase(*terms: str) -> str:
    """An FTS5 query of quoted strings, ORed: no operator or column filter can slip through."""
    return " OR ".join(map(_fts5_quoted, terms))


def _fts5_rowids(table: str, match: str, *columns) -> Select:
    """SELECT the rowids (and `columns`) of the rows of FTS5 `table` that `match`."""
    return select(literal_column(f"{table}.rowid").label("claim_id"), *columns).select_from(text(table)).where(
        literal_column(table).op("MATCH")(match))


def matching_claims(query: str | None) -> Matches | None:
    """The claims matching every word of `query`, or None when the query has no words.

    Filter a claim query by `where`, then order it by `ranked_by`, then newest first.
    """
    terms = search_terms(query)
    if not terms:
        return None
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    claimants, only_stop_words = _claimants_by_term(terms, postgresql)
    by_claimant = _by_claimant(terms, claimants, postgresql) if any(claimants.values()) else None
    if postgresql:
        return _postgresql_matches(terms, only_stop_words, by_claimant)
    return _sqlite_matches(terms, by_claimant)


def _by_claimant(terms: list[str], claimants: dict[int, set[int]], postgresql: bool):
    """Claims of a claimant named in the query, with each other word in their own words."""
    return and_(Claim.claimant_id.in_(set().union(*claimants.values())), *[
        or_(_claim_has_word(term, postgresql), Claim.claimant_id.in_(claimants[n])) for n, term in enumerate(terms)])


def _postgresql_matches(terms: list[str], only_stop_words: bool, by_claimant) -> Matches:
    document = literal_column(POSTGRES_CLAIM_DOCUMENT)
    every_word = func.plainto_tsquery(literal_column("'english'"), " ".join(terms))  # leaves out stop words
    # Only stop words ("the"): every claim matches, as nearly every claim does in FTS5.
    by_words = true() if only_stop_words else document.op("@@")(every_word)
    return Matches(by_words if by_claimant is None else or_(by_words, by_claimant),
                   rank=-func.ts_rank(document, every_word))


def _sqlite_matches(terms: list[str], by_claimant) -> Matches:
    # FTS5 intersects the posting lists of the words; bm25 ranks the claims that have them all.
    every_word = " ".join(map(_fts5_quoted, terms))
    by_words = _fts5_rowids("claim_fts", every_word)
    ranked = _fts5_rowids("claim_fts", every_word, literal_column("claim_fts.rank", Float).label("rank"))
    if by_claimant is None:
        return Matches(Claim.id.in_(by_words), ranked=ranked)
    others = select(Claim.id.label("claim_id")).where(by_claimant, Claim.id.not_in(by_words))
    return Matches(Claim.id.in_(union_all(by_words, others)),
                   ranked=union_all(ranked, others.add_columns(literal(0.0, Float).label("rank"))))


def _claimants_by_term(terms: list[str], postgresql: bool) -> tuple[dict[int, set[int]], bool]:
    """({term's position: ids of the claimants whose name has that word}, whether the query is only stop
    words on PostgreSQL), in one statement."""
    parts = []
    if postgresql:
        everything = func.plainto_tsquery(literal_column("'english'"), bindparam("every_word", " ".join(terms)))
        parts.append(select(literal(-1).label("term"), func.numnode(everything).label("claimant_id")))
    for n, term in enumerate(terms):
        if postgresql:
            query = func.plainto_tsquery(literal_column("'english'"), bindparam(f"t{n}", term))
            part = select(literal(n).label("term"), literal_column("claimant.id").label("claimant_id")).select_from(
                text("claimant")).where(literal_column(POSTGRES_CLAIMANT_DOCUMENT).op("@@")(query))
        else:
            part = select(literal(n).label("term"), literal_column("rowid").label("claimant_id")).select_from(
                text("claim_fts_claimant")).where(literal_column("claim_fts_claimant").op("MATCH")(
                    bindparam(f"t{n}", fts5_phrase(term))))
        parts.append(part)
    found: dict[int, set[int]] = {n: set() for n in range(len(terms))}
    lexemes = 1
    for term, claimant_id in db.session.execute(union_all(*parts)):
        if term < 0:
            lexemes = claimant_id
        else:
            found[term].add(claimant_id)
    return found, lexemes == 0


def _claim_has_word(term: str, postgresql: bool):
    if postgresql:
        query = func.plainto_tsquery(literal_column("'english'"), term)
        # a stop word ("the") matches everything, as it nearly does in FTS5
        return or_(func.numnode(query) == 0, literal_column(POSTGRES_CLAIM_DOCUMENT).op("@@")(query))
    return Claim.id.in_(_fts5_rowids("claim_fts", _fts5_quoted(term)))
