"""Synthetic newsroom data at scale, for benchmarks: articles, claims anchored in them, sources, verdicts, history.

Deterministic for a given seed, and fast: rows are built in Python and written with bulk INSERTs in batches,
never through the per-row services (which would take hours for 100,000 claims).
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from sqlalchemy import func, insert, select, text

from factcheck.extensions import db
from factcheck.models import (
    Article, AuditEvent, Claim, Claimant, ClaimLink, Correction, Evidence, Source, User, Verdict, VerdictRevision,
)
from factcheck.services.articles.articles import text_sha256
from factcheck.services.accounts.passwords import hash_password
from factcheck.services.claims.ratings import ensure_default_ratings
from factcheck.services.reads.reports import pause_tallies, refill_tallies
from factcheck.services.text.slugs import slugify

BATCH = 5000
CLAIMS_PER_ARTICLE = 10
END = datetime(2026, 11, 1, tzinfo=UTC)  # fixed, so a seed always gives the same data
SPAN = timedelta(days=3 * 365)
CONTEXT = 32
GENERATED_PASSWORD = "generated-password"

FIRST = ("Amina", "Boris", "Chen", "Dana", "Erlan", "Fatima", "Gulnara", "Hassan", "Irina", "Jonas", "Kairat",
         "Lena", "Marat", "Nadia", "Oleg", "Pavel", "Qadir", "Rustem", "Saule", "Timur", "Umar", "Vera",
         "Wei", "Ximena", "Yerlan", "Zhanna", "Aigerim", "Bolat", "Claire", "Daniyar", "Elena", "Farid")
LAST = ("Abenov", "Bekova", "Carter", "Dosanov", "Ermekov", "Fischer", "Garcia", "Hughes", "Ivanova", "Jensen",
        "Kaliyev", "Larsen", "Mukanov", "Nurlanova", "Orlov", "Petrova", "Quinn", "Rakhimov", "Sato", "Tokenov",
        "Usenova", "Volkov", "Weber", "Yusupov", "Zhakupov", "Akhmetov", "Baker", "Chung", "Dias", "Esimova")
BODIES = ("Ministry of Health", "Ministry of Interior", "Central Bank", "National Statistics Bureau", "City Council",
          "Police Department", "Ministry of Energy", "Election Commission", "Prosecutor's Office", "Ministry of Education")
OUTLETS = ("Steppe Herald", "Daily Meridian", "The Almaty Ledger", "Capital Wire", "Northern Courier", "Eurasia Today",
           "River City Post", "Morning Dispatch", "The Observer Desk", "Open Square", "Regional Review", "Metro Times",
           "Frontier News", "Central Gazette", "The Evening Star", "Plains Chronicle", "Harbour Report", "Signal News",
           "Lakeside Journal", "Summit Press", "Valley Voice", "The Weekly Record", "Market Street Times", "Newsline")
PUBLISHERS = ("Reuters", "Associated Press", "TASS", "Interfax", "BBC", "Statistics Bureau", "World Bank", "OECD",
              "Ministry of Health", "Human Rights Watch", "Amnesty International", "Central Bank", "UN OCHA",
              "Court records", "Election Commission", "Local archive", "University study", "Eurostat")
PLACES = ("Almaty", "Astana", "Shymkent", "Aktobe", "Karaganda", "Taraz", "Pavlodar", "Oskemen", "Semey", "Atyrau",
          "Kostanay", "Kyzylorda", "Uralsk", "Petropavl", "Aktau", "Turkistan", "the capital", "the north", "the south")
GOODS = ("bread", "petrol", "electricity", "rent", "public transport", "medicine", "heating", "flour", "sugar", "water")
TOPICS = ("Protests", "Prices", "Elections", "Energy", "Health care", "Schools", "Security", "Housing", "Budget", "Jobs")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SPEAKERS = ("The minister", "A government spokesman", "The mayor", "Officials", "A police spokesman",
            "Opposition leaders", "The president's office", "Local journalists", "Union representatives",
            "A senior adviser", "Eyewitnesses", "The regional governor", "Hospital staff", "Economists")
VERBS = ("said", "claimed", "announced", "insisted", "told reporters", "stated", "wrote on social media",
         "repeated", "denied reports", "suggested")
FACTS = (
    "order had been restored in {place}",
    "{n} people had been detained in {place} since {month}",
    "prices of {good} rose by {pct} percent in {month}",
    "{place} now has the lowest unemployment in the region",
    "{n} new schools would open in {place} by {year}",
    "no troops had been sent to {place}",
    "the budget deficit fell to {pct} percent last year",
    "shots were fired through the night in the centre of {place}",
    "{n} attackers had been eliminated near {place}",
    "turnout in {place} reached {pct} percent",
    "the price of {good} is the lowest in {n} years",
    "waiting times at hospitals in {place} halved since {month}",
    "more than {n} homes were built in {place} last year",
    "the new law cut the cost of {good} by {pct} percent",
    "crime in {place} fell by {pct} percent after the reform",
    "{n} foreign journalists were accredited to cover the vote",
)
CONNECTIVES = ("On Friday,", "Later,", "Meanwhile,", "Earlier this week,", "In a statement,", "At a briefing,", "",
               "", "", "According to the report,")
SOURCE_KINDS = ("news_report", "official_statement", "primary_document", "dataset", "interview", "social_post", "other")
RATING_WEIGHTS = {"true": 10, "mostly-true": 12, "mixed": 15, "mostly-false": 18, "false": 25, "misleading": 12,
                  "unproven": 8}
STANCE_WEIGHTS = (("supports", 4), ("contradicts", 4), ("context", 2))
# status → share of claims; published claims dominate, as in a working newsroom
STATUS_WEIGHTS = (("published", 62), ("in_review", 13), ("draft", 25))


@dataclass
class Counts:
    users: int = 0
    claimants: int = 0
    articles: int = 0
    claims: int = 0
    verdicts: int = 0
    revisions: int = 0
    sources: int = 0
    evidence: int = 0
    links: int = 0
    corrections: int = 0
    events: int = 0


@dataclass
class _Ids:
    """The next free primary key of each table, so that rows can refer to each other before they are written."""

    next: dict = field(default_factory=dict)

    def take(self, model, how_many: int = 1) -> int:
        if model not in self.next:
            self.next[model] = (db.session.scalar(select(func.max(model.id))) or 0) + 1
        first = self.next[model]
        self.next[model] += how_many
        return first


def zipf_weights(n: int, exponent: float = 1.1) -> list[float]:
    """Cumulative weights where the k-th item is chosen about 1/k^exponent as often as the first."""
    return list(accumulate(1 / (rank ** exponent) for rank in range(1, n + 1)))


class _Writer:
    """Collects rows per model and writes them in batches of bulk INSERTs."""

    def __init__(self):
        self.rows: dict = {}

    def add(self, model, row: dict) -> None:
        self.rows.setdefault(model, []).append(row)

    def flush_when_full(self) -> None:
        """Called between articles, when every row refers only to rows that are pending or written."""
        if any(len(rows) >= BATCH for rows in self.rows.values()):
            self.flush_all()

    def flush(self, model=None) -> None:
        for each in ([model] if model else list(self.rows)):
            rows = self.rows.get(each)
            if rows:
                # Core executemany: the ORM bulk path falls back to one INSERT per row for versioned and JSON rows.
                db.session.execute(insert(each.__table__), rows)
                self.rows[each] = []

    def flush_all(self) -> None:
        # Parents before children, so foreign keys hold on PostgreSQL at every batch.
        for model in (User, Claimant, Article, Source, Claim, Verdict, VerdictRevision, Correction, Evidence,
                      ClaimLink, AuditEvent):
            self.flush(model)


@dataclass
class _Sentence:
    start: int
    end: int
    fact_start: int
    fact_end: int


class Generator:
    def __init__(self, claims: int, seed: int = 1):
        self.total_claims = claims
        self.rng = random.Random(seed)
        self.ids = _Ids()
        self.out = _Writer()
        self.counts = Counts()

    # -- the cast ------------------------------------------------------------------------

    def users(self) -> tuple[list[int], list[int]]:
        """Generated fact-checkers and editors (made once, reused by later runs)."""
        wanted = [(f"checker{i}@generated.example.org", f"{FIRST[i]} {LAST[i]}", "factchecker") for i in range(8)]
        wanted += [(f"editor{i}@generated.example.org", f"{FIRST[10 + i]} {LAST[10 + i]}", "editor") for i in range(3)]
        existing = {email: user_id for email, user_id in db.session.execute(
            select(User.email, User.id).where(User.email.like("%@generated.example.org")))}
        password = hash_password(GENERATED_PASSWORD)
        for email, name, role in wanted:
            if email not in existing:
                existing[email] = self.ids.take(User)
                self.out.add(User, {"id": existing[email], "email": email, "name": name, "password_hash": password,
                                    "role": role, "active": True, "created_at": END - SPAN})
                self.counts.users += 1
        self.out.flush(User)
        checkers = [existing[email] for email, _, role in wanted if role == "factchecker"]
        editors = [existing[email] for email, _, role in wanted if role == "editor"]
        return checkers, editors

    def claimants(self) -> list[int]:
        how_many = max(20, self.total_claims // 25)
        taken = set(db.session.scalars(select(Claimant.slug)))
        ids = []
        for n in range(how_many * 3):
            if len(ids) == how_many:
                break
            if n % 12 == 0 and n // 12 < len(BODIES):
                name, kind = BODIES[n // 12], "Organization"
            else:
                pick = self.rng.randrange(len(FIRST) * 26 * len(LAST))
                first, rest = divmod(pick, 26 * len(LAST))
                initial, last = divmod(rest, len(LAST))
                name, kind = f"{FIRST[first]} {chr(65 + initial)}. {LAST[last]}", "Person"
            slug = slugify(name)
            if slug in taken:
                continue
            taken.add(slug)
            claimant_id = self.ids.take(Claimant)
            self.out.add(Claimant, {"id": claimant_id, "name": name, "slug": slug, "kind": kind,
                                    "description": f"{name}, as quoted in the press."})
            ids.append(claimant_id)
        self.counts.claimants = len(ids)
        return ids

    def sources(self) -> list[int]:
        how_many = max(40, self.total_claims // 4)
        first = self.ids.take(Source, how_many)
        for n in range(how_many):
            publisher = self.rng.choice(PUBLISHERS)
            published = self._instant()
            domain = slugify(publisher, 30).replace("-", "") + ".example.com"
            topic = self.rng.choice(TOPICS)
            place = self.rng.choice(PLACES)
            self.out.add(Source, {
                "id": first + n, "url": f"https://{domain}/{published:%Y/%m}/{slugify(topic)}-{first + n}",
                "title": f"{topic} in {place}: {self.rng.choice(('report', 'figures', 'statement', 'analysis'))}",
                "publisher": publisher, "author": self._person(), "published_at": published,
                "accessed_at": published + timedelta(days=self.rng.randint(0, 30)),
                "archive_url": f"https://web.archive.org/web/{published:%Y%m%d}/https://{domain}/{first + n}"
                if self.rng.random() < 0.6 else None,
                "kind": self.rng.choice(SOURCE_KINDS), "created_at": published,
                "link_status": self.rng.choices(("ok", None, "broken", "redirected"), weights=(60, 33, 2, 5))[0],
            })
        self.counts.sources = how_many
        return list(range(first, first + how_many))

    # -- articles and their claims ---------------------------------------------------------

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def _instant(self, after: datetime | None = None, within: timedelta = SPAN) -> datetime:
        start = after or END - SPAN
        seconds = min(within, END - start).total_seconds()
        return start + timedelta(seconds=self.rng.uniform(0, max(seconds, 1)))

    def _fact(self) -> str:
        template = self.rng.choice(FACTS)
        return template.format(place=self.rng.choice(PLACES), n=self.rng.choice((12, 26, 40, 150, 300, 3000, 12000)),
                               month=self.rng.choice(MONTHS), good=self.rng.choice(GOODS),
                               pct=self.rng.randint(2, 60), year=self.rng.randint(2024, 2030))

    def article_text(self) -> tuple[str, list[_Sentence]]:
        """A few paragraphs of reported speech; each sentence remembers where its checkable part is."""
        parts, sentences, at = [], [], 0
        for paragraph in range(self.rng.randint(4, 6)):
            if paragraph:
                parts.append("\n\n")
                at += 2
            for n in range(self.rng.randint(3, 5)):
                if n:
                    parts.append(" ")
                    at += 1
                lead = self.rng.choice(CONNECTIVES)
                head = f"{lead} {self.rng.choice(SPEAKERS).lower()}" if lead else self.rng.choice(SPEAKERS)
                head = f"{head} {self.rng.choice(VERBS)} that "
                fact = self._fact()
                sentence = f"{head}{fact}."
                sentences.append(_Sentence(at, at + len(sentence), at + len(head), at + len(head) + len(fact)))
                parts.append(sentence)
                at += len(sentence)
        return "".join(parts), sentences

    def articles(self, claimant_ids, source_ids, checkers, editors) -> None:
        claimant_weights = zipf_weights(len(claimant_ids))
        source_weights = zipf_weights(len(source_ids), 0.8)
        leans = {cid: self.rng.choice(list(RATING_WEIGHTS)) for cid in claimant_ids}
        remaining = self.total_claims
        while remaining > 0:
            per_article = min(CLAIMS_PER_ARTICLE, remaining)
            self.article(per_article, claimant_ids, claimant_weights, leans, source_ids, source_weights,
                         checkers, editors)
            remaining -= per_article

    def article(self, how_many, claimant_ids, claimant_weights, leans, source_ids, source_weights,
                checkers, editors) -> None:
        article_id = self.ids.take(Article)
        body, sentences = self.article_text()
        published = self._instant()
        imported = published + timedelta(hours=self.rng.uniform(1, 48))
        importer = self.rng.choice(checkers)
        topic = self.rng.choice(TOPICS)
        self.out.add(Article, {
            "id": article_id, "title": f"{topic} in {self.rng.choice(PLACES)}: {self._fact()[:80]}",
            "url": f"https://news.example.com/{published:%Y/%m/%d}/story-{article_id}",
            "outlet": self.rng.choice(OUTLETS), "author": self._person(), "published_at": published,
            "language": "en", "text": body, "text_sha256": text_sha256(body), "imported_by_id": importer,
            "imported_at": imported,
        })
        self.event(importer, "article.create", "article", article_id, None, imported,
                   after={"title": topic, "url": None, "text_sha256": text_sha256(body)})
        self.counts.articles += 1
        claim_ids = []
        for sentence in sorted(self.rng.sample(sentences, how_many), key=lambda s: s.start):
            claimant = self.rng.choices(claimant_ids, cum_weights=claimant_weights)[0]
            claim_ids.append(self.claim(article_id, body, sentence, imported, claimant, leans[claimant],
                                        source_ids, source_weights, checkers, editors))
        self.links(claim_ids, checkers, imported)
        self.out.flush_when_full()

    def claim(self, article_id, body, sentence, imported, claimant, lean, source_ids, source_weights,
              checkers, editors) -> int:
        claim_id = self.ids.take(Claim)
        start, end = (sentence.fact_start, sentence.fact_end) if self.rng.random() < 0.8 else (sentence.start, sentence.end)
        exact = body[start:end]
        statement = exact[0].upper() + exact[1:].rstrip(".")
        checker = self.rng.choice(checkers)
        created = self._instant(imported, timedelta(days=3))
        status = self.rng.choices([s for s, _ in STATUS_WEIGHTS], weights=[w for _, w in STATUS_WEIGHTS])[0]
        has_verdict = status != "draft" or self.rng.random() < 0.5
        at, rating = created, None
        if has_verdict:
            at, rating = self.verdict(claim_id, created, lean, checker, editors)
        published_at = submitted = None
        if status != "draft" or (has_verdict and self.rng.random() < 0.3):
            submitted = self._instant(at, timedelta(days=2))
            self.event(checker, "claim.transition", "claim", claim_id, claim_id, submitted,
                       before={"status": "draft"}, after={"status": "in_review"})
            at = submitted
        if status == "draft" and submitted:  # sent back with a comment
            at = self._instant(at, timedelta(days=2))
            self.event(self.rng.choice(editors), "claim.transition", "claim", claim_id, claim_id, at,
                       before={"status": "in_review"}, after={"status": "draft"},
                       note="Please add a primary source for the figure.")
        first_published = None
        if status == "published":
            published_at = self._instant(at, timedelta(days=3))
            editor = self.rng.choice(editors)
            self.event(editor, "claim.transition", "claim", claim_id, claim_id, published_at,
                       before={"status": "in_review"}, after={"status": "published"})
            first_published, at = published_at, published_at
            if has_verdict and self.rng.random() < 0.03:
                at = published_at = self._instant(published_at, timedelta(days=20))
                self.correction(editor, claim_id, published_at)
        self.out.add(Claim, {
            "id": claim_id, "article_id": article_id, "anchor_exact": exact,
            "anchor_prefix": body[max(0, start - CONTEXT):start], "anchor_suffix": body[end:end + CONTEXT],
            "anchor_start": start, "anchor_end": end,
            "anchor_status": "orphaned" if self.rng.random() < 0.004 else "exact",
            "anchor_similarity": None, "anchor_reason": None,
            "text": statement, "claimant_id": claimant, "claimed_at": imported - timedelta(hours=6),
            "status": status, "assignee_id": checker if status != "published" or self.rng.random() < 0.3 else None,
            "slug": slugify(statement), "rating_key": rating, "version": 1, "created_by_id": checker, "created_at": created,
            "updated_at": at, "published_at": published_at, "first_published_at": first_published,
        })
        self.event(checker, "claim.create", "claim", claim_id, claim_id, created,
                   after={"text": statement, "status": "draft", "assignee_id": checker})
        self.counts.claims += 1
        self.evidence(claim_id, source_ids, source_weights, checker, created)
        return claim_id

    def verdict(self, claim_id, created, lean, checker, editors) -> tuple[datetime, str]:
        """1–3 revisions; the verdict row is the last. Returns when the last one was saved, and its rating."""
        verdict_id = self.ids.take(Verdict)
        keys = list(RATING_WEIGHTS)
        weights = [w * (4 if key == lean else 1) for key, w in RATING_WEIGHTS.items()]
        at, before = created, None
        for n in range(self.rng.choice((1, 1, 2, 2, 3))):
            at = self._instant(at, timedelta(days=2))
            state = {"rating": self.rng.choices(keys, weights=weights)[0],
                     "summary": self.rng.choice(("The figures do not add up.", "Official data confirm it.",
                                                 "Partly right, but out of context.", "No evidence was found.",
                                                 "Contradicted by independent reports.")),
                     "explanation": "Checked against the sources below."}
            actor = checker if n == 0 else self.rng.choice([checker, *editors])
            revision_id = self.ids.take(VerdictRevision)
            self.out.add(VerdictRevision, {"id": revision_id, "claim_id": claim_id,
                                           "rating_key": state["rating"], "summary": state["summary"],
                                           "explanation": state["explanation"],
                                           "note": None if n == 0 else "Revised after new evidence.",
                                           "created_by_id": actor, "created_at": at})
            self.event(actor, "verdict.set", "verdict", verdict_id, claim_id, at, before=before, after=state,
                       revision_id=revision_id)
            before = state
            self.counts.revisions += 1
        self.out.add(Verdict, {"id": verdict_id, "claim_id": claim_id, "rating_key": before["rating"],
                               "summary": before["summary"], "explanation": before["explanation"],
                               "updated_at": at, "updated_by_id": checker})
        self.counts.verdicts += 1
        return at, before["rating"]

    def correction(self, editor, claim_id, at) -> None:
        """A published verdict that was reopened, revised and republished with a public note."""
        correction_id = self.ids.take(Correction)
        note = "An earlier version gave the wrong year for the figure."
        self.out.add(Correction, {"id": correction_id, "claim_id": claim_id, "verdict_revision_id": None,
                                  "note": note, "created_by_id": editor, "created_at": at})
        self.event(editor, "correction.create", "correction", correction_id, claim_id, at, after={"note": note})
        self.counts.corrections += 1

    def evidence(self, claim_id, source_ids, source_weights, checker, created) -> None:
        chosen = set(self.rng.choices(source_ids, cum_weights=source_weights, k=self.rng.randint(2, 5)))
        for source_id in sorted(chosen):
            stance = self.rng.choices([s for s, _ in STANCE_WEIGHTS], weights=[w for _, w in STANCE_WEIGHTS])[0]
            self.out.add(Evidence, {"id": self.ids.take(Evidence), "claim_id": claim_id, "source_id": source_id,
                                    "stance": stance, "quote": f"“{self._fact().capitalize()}.”",
                                    "note": "", "created_by_id": checker, "created_at": created, "removed_at": None})
            self.counts.evidence += 1

    def links(self, claim_ids, checkers, imported) -> None:
        """A few links between the claims of one article: contradictions and support."""
        pairs = set()
        for _ in range(len(claim_ids) // 3):
            a, b = sorted(self.rng.sample(claim_ids, 2)) if len(claim_ids) > 1 else (None, None)
            if a is None:
                return
            relation = "contradicts" if self.rng.random() < 0.6 else "supports"
            if (a, b, relation) in pairs:
                continue
            pairs.add((a, b, relation))
            link_id = self.ids.take(ClaimLink)
            at = self._instant(imported, timedelta(days=5))
            actor = self.rng.choice(checkers)
            self.out.add(ClaimLink, {"id": link_id, "from_claim_id": a, "to_claim_id": b, "relation": relation,
                                     "note": "Same event, different account.", "created_by_id": actor,
                                     "created_at": at, "removed_at": None})
            self.event(actor, "link.add", "claim_link", link_id, a, at,
                       after={"relation": relation, "from": a, "to": b})
            self.counts.links += 1

    def event(self, actor, action, entity_type, entity_id, claim_id, at, *, before=None, after=None, note=None,
              revision_id=None):
        self.out.add(AuditEvent, {"id": self.ids.take(AuditEvent), "actor_id": actor, "action": action,
                                  "entity_type": entity_type, "entity_id": entity_id, "claim_id": claim_id,
                                  "before": before, "after": after, "note": note, "at": at,
                                  "revision_id": revision_id})
        self.counts.events += 1

    # -- the whole run -------------------------------------------------------------------

    def run(self) -> Counts:
        ensure_default_ratings()
        pause_tallies()  # one count of the report tallies at the end, not three updates per claim
        checkers, editors = self.users()
        claimant_ids = self.claimants()
        self.out.flush(Claimant)
        source_ids = self.sources()
        self.out.flush(Source)
        self.articles(claimant_ids, source_ids, checkers, editors)
        self.out.flush_all()
        _advance_sequences()
        refill_tallies()
        db.session.commit()
        _analyze()
        return self.counts


def _advance_sequences() -> None:
    """PostgreSQL serial columns must continue after the ids written here."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in (User, Claimant, Article, Source, Claim, Verdict, VerdictRevision, Evidence, ClaimLink, AuditEvent,
                  Correction):
        table = model.__tablename__
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f"GREATEST((SELECT MAX(id) FROM \"{table}\"), 1))"))


def _analyze() -> None:
    """Fresh planner statistics (and on PostgreSQL a visibility map), as a database grown to this size would have."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        return
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def generate(claims: int, seed: int = 1) -> Counts:
    """Add about `claims` claims (ten an article) with everything around them; returns what was made."""
    if claims < 1:
        raise ValueError("generate at least one claim")
    return Generator(claims, seed).run()
