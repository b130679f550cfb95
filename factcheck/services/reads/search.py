"""Full-text search over claims and their claimants: SQLite FTS5 or PostgreSQL text search, one contract.

The words of a claim (its text and quote) are indexed by `claim_fts` (FTS5 on SQLite; on PostgreSQL a GIN
index over the stored `claim.search_document`); claimant names by `claim_fts_claimant`. A claim matches when
every word of the query is in its words or in its claimant's name, and results rank by how well the claim's
words match. User input never reaches the query syntax: it is cut into words and each word is quoted (FTS5)
or passed as a plain-text query, or a quoted lexeme (PostgreSQL).

Word forms: on PostgreSQL each claim's document is stemmed by the configuration of its language
(services.languages); English words are stemmed by Porter on SQLite. A query is read in the languages of
`query_languages` (the filter's, else the reader's, English, and for words beyond ASCII Russian and every
word as it is): English as before (plainto_tsquery), any other language as prefixes of its stems
("погиб" finds "погибли", "протестующим" finds "протестующих"). SQLite keeps the words as they are in FTS5
and asks for the Snowball stem of each non-ASCII query word as a prefix: Snowball stems are prefixes of
the forms they stand for.

A search first asks which claimants' names hold which words (one small statement). Usually none do, and
the search is one index lookup of the claims' words; otherwise the claims of those claimants are added.
On PostgreSQL the words are a condition on the claim row and the rank an expression of it, so a search
reads the matching rows once; on SQLite the FTS5 table hands over the matching ids and their bm25 rank.
"""

import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Float, and_, bindparam, func, literal, literal_column, or_, select, text, true, union_all
from sqlalchemy.sql import ColumnElement, Select

from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.services.text.languages import FALLBACK_CONFIGURATION, search_configuration, stem

MAX_TERMS = 12
# Results are ranked by relevance when at most this many claims match (SEARCH_RANKED_AT_MOST), beyond it newest
# first: ranking reads every match's words, and a word in tens of thousands of claims would read most of the table.
RANKED_AT_MOST = 1000
# Read besides English for a query with words beyond ASCII when neither a filter nor the reader says which.
OTHER_SCRIPT_LANGUAGES = ("ru",)
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


def ranked_at_most() -> int:
    return current_app.config.get("SEARCH_RANKED_AT_MOST", RANKED_AT_MOST)


def count_at_most(query: Select, most: int) -> int:
    """How many rows `query` has, counting no further than `most` + 1: cheap however many match."""
    return db.session.scalar(select(func.count()).select_from(
        query.with_only_columns(literal(1)).limit(most + 1).subquery()))


def best_first(query: Select, matches: Matches, newest, offset: int, limit: int, ranked: bool = True) -> Select:
    """A page of `query` (claims filtered by `matches.where`): best match first, then by `newest`, latest first;
    newest first alone when not `ranked` (more than RANKED_AT_MOST match: see count_at_most).

    The matching claims are ranked as narrow rows (id, rank, date), and only the page's claims are loaded.
    """
    if not ranked:
        return query.order_by(newest.desc(), Claim.id.desc()).offset(offset).limit(limit)
    query, rank = matches.ranked_by(query)
    page = (query.with_only_columns(Claim.id.label("id"), rank.label("rank"), newest.label("newest"))
            .order_by(rank, newest.desc(), Claim.id.desc()).offset(offset).limit(limit).subquery("page"))
    return select(Claim).join(page, page.c.id == Claim.id).order_by(page.c.rank, page.c.newest.desc(),
                                                                       page.c.id.desc())


def search_terms(query: str | None) -> list[str]:
    """The words of a reader's query, lower-cased, without any search-syntax characters."""
    return [word.lower() for word in _WORD.findall(query or "")][:MAX_TERMS]


def query_languages(terms: list[str], language: str | None = None, reader_language: str | None = None) -> list:
    """The languages a query is read in: the filter's alone; else the reader's, English, and for words beyond
    ASCII also OTHER_SCRIPT_LANGUAGES and None (the words as they are: PostgreSQL's "simple")."""
    if language:
        return [language]
    languages = [reader_language] if reader_language else []
    languages.append("en")
    if not all(term.isascii() for term in terms):
        languages += [*OTHER_SCRIPT_LANGUAGES, None]
    return list(dict.fromkeys(languages))


def _fts5_quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts5_term(term: str, languages: list) -> str:
    """A query word for FTS5: itself (Porter-stemmed by the table) when ASCII, else any word starting with it
    or with its stem in one of `languages`."""
    if term.isascii():
        return _fts5_quoted(term)
    stems = [stem(term, language) or term for language in languages]
    # Snowball writes ё as е; the table keeps the word as written: also the term's own first letters.
    prefixes = dict.fromkeys([term, *stems, *(term[:len(word_stem)] for word_stem in stems)])
    return "(" + " OR ".join(_fts5_quoted(prefix) + "*" for prefix in prefixes if prefix) + ")"


def fts5_phrase(*terms: str) -> str:
    """An FTS5 query of quoted strings, ORed: no operator or column filter can slip through."""
    return " OR ".join(map(_fts5_quoted, terms))


def _fts5_rowids(table: str, match: str, *columns) -> Select:
    """SELECT the rowids (and `columns`) of the rows of FTS5 `table` that `match`."""
    return select(literal_column(f"{table}.rowid").label("claim_id"), *columns).select_from(text(table)).where(
        literal_column(table).op("MATCH")(match))


def matching_claims(query: str | None, language: str | None = None, reader_language: str | None = None
                    ) -> Matches | None:
    """The claims matching every word of `query` in one of its languages (query_languages), or None when the
    query has no words. Only the words are matched: filter by Claim.language to keep to one language.

    Filter a claim query by `where`, then order it by `ranked_by`, then newest first.
    """
    terms = search_terms(query)
    if not terms:
        return None
    languages = query_languages(terms, language, reader_language)
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    claimants, only_stop_words = _claimants_by_term(terms, postgresql)
    by_claimant = _by_claimant(terms, claimants, postgresql, languages) if any(claimants.values()) else None
    if postgresql:
        return _postgresql_matches(terms, only_stop_words, by_claimant, languages)
    return _sqlite_matches(terms, by_claimant, languages)


def _by_claimant(terms: list[str], claimants: dict[int, set[int]], postgresql: bool, languages: list):
    """Claims of a claimant named in the query, with each other word in their own words."""
    return and_(Claim.claimant_id.in_(set().union(*claimants.values())), *[
        or_(_claim_has_word(term, postgresql, languages), Claim.claimant_id.in_(claimants[n]))
        for n, term in enumerate(terms)])


def _tsquery(terms: list[str], languages: list):
    """The PostgreSQL query of every word in any of `languages`: English as a plain-text query (stop words left
    out), another language as prefixes of its stems ('погиб':*), ORed."""
    queries = []
    for configuration in dict.fromkeys(search_configuration(language) if language else FALLBACK_CONFIGURATION
                                       for language in languages):
        if configuration == "english":
            queries.append(func.plainto_tsquery(literal_column("'english'"), " ".join(terms)))
        else:  # each term is \w+, so it is one quoted lexeme and never query syntax
            prefixes = " & ".join(f"'{term}':*" for term in terms)
            queries.append(func.to_tsquery(literal_column(f"'{configuration}'"), prefixes))
    query = queries[0]
    for other in queries[1:]:
        query = query.op("||")(other)
    return query


def _postgresql_matches(terms: list[str], only_stop_words: bool, by_claimant, languages: list) -> Matches:
    document = literal_column(POSTGRES_CLAIM_DOCUMENT)
    every_word = _tsquery(terms, languages)
    # Only stop words ("the"): every claim matches, as nearly every claim does in FTS5.
    by_words = true() if only_stop_words else document.op("@@")(every_word)
    return Matches(by_words if by_claimant is None else or_(by_words, by_claimant),
                   rank=-func.ts_rank(document, every_word))


def _sqlite_matches(terms: list[str], by_claimant, languages: list) -> Matches:
    # FTS5 intersects the posting lists of the words; bm25 ranks the claims that have them all.
    every_word = " AND ".join(_fts5_term(term, languages) for term in terms)
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


def _claim_has_word(term: str, postgresql: bool, languages: list):
    if postgresql:
        query = _tsquery([term], languages)
        # a stop word ("the") matches everything, as it nearly does in FTS5
        return or_(func.numnode(query) == 0, literal_column(POSTGRES_CLAIM_DOCUMENT).op("@@")(query))
    return Claim.id.in_(_fts5_rowids("claim_fts", _fts5_term(term, languages)))
