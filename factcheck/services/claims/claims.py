"""Making claims from article text, editing them, and finding them."""

from factcheck.i18n import lazy_gettext as _l
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from factcheck.errors import Conflict, Forbidden, NotFound, PublishedClaimLocked, StaleVersion, ValidationError
from factcheck.extensions import db
from factcheck.models import Article, Claim, Claimant, ClaimStatus, User, Verdict
from factcheck.models.types import utcnow
from factcheck.services.text.anchoring import AnchorError, anchor_at, anchor_quote
from factcheck.services.core.audit import record
from factcheck.services.reads.search import best_first, matching_claims, ranked_at_most
from factcheck.services.text.fields import clean_text, parse_instant
from factcheck.services.text.languages import detect_language, given_language
from factcheck.services.text.slugs import slugify
from factcheck.services.core.transaction import transactional

MAX_CLAIM_TEXT = 2000
MAX_PER_PAGE = 100
MAX_PAGE = 10**7  # keeps OFFSET (page × at most 100) inside a PostgreSQL integer
UNCHANGED = object()


# -- claimants ---------------------------------------------------------------------------

def find_or_create_claimant(name) -> Claimant | None:
    """The claimant with this name (case and spacing ignored), created when new."""
    name = " ".join(clean_text(name, "claimant", max_length=200).split())
    if not name:
        return None
    claimant = db.session.scalar(select(Claimant).where(func.lower(Claimant.name) == name.lower()))
    if claimant:
        return claimant
    base = slugify(name, 60)
    taken = set(db.session.scalars(select(Claimant.slug).where(Claimant.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    claimant = Claimant(name=name, slug=slug)
    db.session.add(claimant)
    return claimant


def get_claimant(slug: str) -> Claimant:
    claimant = db.session.scalar(select(Claimant).where(Claimant.slug == slug))
    if claimant is None:
        raise NotFound(_l('There is no claimant %(slug)r.', slug=slug))
    return claimant


# -- creating ----------------------------------------------------------------------------

def resolve_selector(article: Article, selector) -> "Anchor":  # noqa: F821
    """The anchor a TextQuoteSelector or TextPositionSelector names in the article's text."""
    if not isinstance(selector, dict):
        raise ValidationError(_l('A selector is required.'),
                              {"selector": _l('Give a TextQuoteSelector or a TextPositionSelector.')})
    kind = selector.get("type")
    try:
        if kind == "TextQuoteSelector":
            exact = selector.get("exact")
            prefix, suffix = selector.get("prefix") or "", selector.get("suffix") or ""
            if not all(isinstance(v, str) for v in (exact or "", prefix, suffix)):
                raise AnchorError("quote_invalid", "exact, prefix and suffix must be text.")
            return anchor_quote(article.text, exact or "", prefix, suffix)
        if kind == "TextPositionSelector":
            return anchor_at(article.text, selector.get("start"), selector.get("end"))
    except AnchorError as error:
        raise ValidationError(error.message, {"selector": error.message}, code=error.code) from error
    raise ValidationError(_l('Unknown selector type.'),
                          {"selector": _l('type must be TextQuoteSelector or TextPositionSelector.')})


def _claim_text(text, default: str = "") -> str:
    text = clean_text(text, "text", max_length=MAX_CLAIM_TEXT, label="Claim text") or default.strip()
    if not text:
        raise ValidationError(_l('Claim text is required.'), {"text": _l('Say what the claim states.')})
    if len(text) > MAX_CLAIM_TEXT:
        raise ValidationError(_l('Claim text is too long.'), {"text": _l('At most %(max_claim_text)s characters.', max_claim_text=MAX_CLAIM_TEXT)})
    return " ".join(text.split())


def claim_state(claim: Claim) -> dict:
    """What the audit log keeps of a claim's own fields."""
    return {
        "text": claim.text,
        "claimant": claim.claimant.name if claim.claimant else None,
        "claimed_at": claim.claimed_at.isoformat() if claim.claimed_at else None,
        "assignee_id": claim.assignee_id,
        "status": claim.status,
        "language": claim.language,
    }


@transactional
def create_claim(actor: User, *, article: Article | None = None, selector=None, text=None,
                 claimant=None, claimed_at=None, language=None) -> Claim:
    """A new draft claim, anchored in the article when there is one; in the article's language, else the one
    given, else the one its text is in."""
    anchor = resolve_selector(article, selector) if article is not None else None
    if article is None and selector is not None:
        raise ValidationError(_l('A selector needs an article.'), {"selector": _l('Only claims from an article have one.')})
    claim_text = _claim_text(text, anchor.exact if anchor else "")
    claim = Claim(
        article_id=article.id if article else None,
        text=claim_text,
        slug=slugify(claim_text),
        language=_claim_language(article, language, claim_text),
        claimant=find_or_create_claimant(claimant),
        claimed_at=parse_instant(claimed_at, "claimed_at") or (article.published_at if article else None),
        status=ClaimStatus.DRAFT,
        created_by_id=actor.id,
        assignee_id=actor.id,
    )
    if anchor:
        claim.anchor_exact, claim.anchor_prefix, claim.anchor_suffix = anchor.exact, anchor.prefix, anchor.suffix
        claim.anchor_start, claim.anchor_end, claim.anchor_status = anchor.start, anchor.end, "exact"
    db.session.add(claim)
    db.session.flush()
    record(actor, "claim.create", claim, claim_id=claim.id, after=claim_state(claim))
    return claim


def _claim_language(article: Article | None, language, claim_text: str) -> str | None:
    if article is not None and article.language:
        return article.language
    return given_language(language) or detect_language(claim_text)


# -- editing -----------------------------------------------------------------------------

def lock_claim(claim: Claim, *others: Claim) -> None:
    """Hold the claims' rows until the write commits, and read them afresh: writes to one claim take
    turns, so a version checked after this is the one the write's UPDATE will find.

    Every write that changes a claim (or bumps its version) calls this first. Claims are locked in id
    order so that two writes locking the same pair cannot deadlock. FOR NO KEY UPDATE does not wait for
    rows that merely reference the claim (evidence, links being inserted). SQLite, which has one writer
    at a time anyway, ignores it.
    """
    ids = sorted({claim.id, *(other.id for other in others)})
    if not _locked_claims().issuperset(ids):  # else read under its lock already in this transaction (get_claim_row)
        _read_locked(ids)


def _read_locked(ids: list[int]) -> list[Claim]:
    """The claims `ids`, read afresh under their row locks in id order, and remembered as locked."""
    found = db.session.scalars(select(Claim).where(Claim.id.in_(ids)).order_by(Claim.id)
                               .with_for_update(key_share=True).execution_options(populate_existing=True)).all()
    _locked_claims().update(claim.id for claim in found)
    return found


def _locked_claims() -> set[int]:
    """The ids of the claims locked in the session's current transaction (none in a new one). Never taken
    inside a savepoint, whose rollback would release them."""
    session = db.session()
    transaction, info = session.get_transaction(), session.info
    if transaction is None:
        return set()
    if info.get("claims_locked_in") is not transaction:
        info["claims_locked_in"], info["claims_locked"] = transaction, set()
    return info["claims_locked"]


def check_version(claim: Claim, expected_version) -> None:
    """Refuse a save that started from an older version of the claim (after lock_claim: the version now)."""
    if expected_version is not None and int(expected_version) != claim.version:
        raise StaleVersion(
            _l('This claim was changed by someone else (version %(claim_version)s, you had %(expected_version)s).', claim_version=claim.version, expected_version=expected_version),
            current=claim,
        )


def ensure_editable(claim: Claim, what: str = "claim") -> None:
    """The one lock on what the public reads: a published claim's text, claimant, anchor, verdict, evidence
    and links change only after an editor reopens it for correction. Every write of those calls this.

    Re-anchoring after the article's text changes is not a claim edit and does not call it.
    """
    if claim.status == ClaimStatus.PUBLISHED:
        raise PublishedClaimLocked(claim.id, what)


def comparable(value) -> str:
    """A field value as a form sends it back: dates as days, users and ids as id text, '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, User):
        return str(value.id)
    return str(value).replace("\r\n", "\n").strip()


def three_way(current: dict, expected: dict, proposed: dict, what: str = "claim") -> dict:
    """The fields of `proposed` (with its values) that this edit really changes, given the `expected`
    values it started from.

    A field the edit left as it found it is not among them, so someone else's change to it stands.
    A field both sides changed, to different values, is a Conflict (code edit_conflict) naming it.
    """
    changed, conflicting = {}, {}
    for field, mine in proposed.items():
        base = comparable(expected.get(field, current.get(field)))
        if comparable(mine) == base:
            continue
        changed[field] = mine
        theirs = comparable(current.get(field))
        if theirs not in (base, comparable(mine)):
            conflicting[field] = _l("Changed by someone else since you started editing.")
    if conflicting:
        raise Conflict(EDIT_CONFLICTS[what], fields=conflicting, code="edit_conflict")
    return changed


# One whole sentence each (a translation agrees with the noun: "это утверждение", "этот вердикт").
EDIT_CONFLICTS = {
    "claim": _l("Someone else changed this claim while you were editing it."),
    "verdict": _l("Someone else changed this verdict while you were editing it."),
    "evidence": _l("Someone else changed this evidence while you were editing it."),
    "link": _l("Someone else changed this link while you were editing it."),
}


def editable_values(claim: Claim) -> dict:
    """The claim's own fields as the workspace form shows them (dates as days, the assignee as an id)."""
    return {
        "text": claim.text,
        "claimant": claim.claimant.name if claim.claimant else "",
        "claimed_at": claim.claimed_at.date().isoformat() if claim.claimed_at else "",
        "assignee": str(claim.assignee_id) if claim.assignee_id else "",
    }


def touch(claim: Claim) -> None:
    """Mark the claim changed: bumps its version (its ETag) so that stale edits of its fields are caught.

    Call lock_claim first: then the UPDATE's version check always passes, and an additive write
    (evidence, a link) is never refused because someone else saved the claim meanwhile.
    """
    claim.updated_at = utcnow()


@transactional
def update_claim(actor: User, claim: Claim, expected_version=None, *, expected: dict | None = None,
                 text=UNCHANGED, claimant=UNCHANGED, claimed_at=UNCHANGED, assignee=UNCHANGED) -> Claim:
    """Change a claim's own fields; a published claim must be reopened first.

    With `expected` (the editable_values() the edit started from) a stale version is no conflict:
    the fields this edit changed are saved unless someone else changed them too (three_way); without
    it, any stale version is a Conflict.
    """
    lock_claim(claim)
    if expected is None:
        check_version(claim, expected_version)
    else:
        proposed = {"text": text, "claimant": claimant, "claimed_at": claimed_at, "assignee": assignee}
        proposed = {field: value for field, value in proposed.items() if value is not UNCHANGED}
        changed = three_way(editable_values(claim), expected, proposed)
        text, claimant, claimed_at, assignee = (changed.get(field, UNCHANGED)
                                                for field in ("text", "claimant", "claimed_at", "assignee"))
    before = claim_state(claim)
    if text is not UNCHANGED or claimant is not UNCHANGED or claimed_at is not UNCHANGED:
        ensure_editable(claim)
    if assignee is not UNCHANGED and not actor.has_role("editor"):
        raise Forbidden(_l('Only an editor may assign claims.'), {"assignee": _l("Assigning work is an editor's action.")})
    if text is not UNCHANGED:
        claim.text = _claim_text(text)
        if not claim.first_published_at:
            claim.slug = slugify(claim.text)
    if claimant is not UNCHANGED:
        claim.claimant = find_or_create_claimant(claimant)
    if claimed_at is not UNCHANGED:
        claim.claimed_at = parse_instant(claimed_at, "claimed_at")
    if assignee is not UNCHANGED:
        claim.assignee_id = _assignee(assignee)
    after = claim_state(claim)
    if after != before:
        touch(claim)
        record(actor, "claim.update", claim, claim_id=claim.id, before=before, after=after)
    return claim


def _assignee(assignee) -> int | None:
    """The id of the active staff member named by a User, an e-mail address or an id; None for nobody."""
    from factcheck.services.accounts.users import find_user

    if assignee in (None, ""):
        return None
    if isinstance(assignee, User):
        user = assignee
    elif isinstance(assignee, str) and "@" in assignee:
        user = find_user(assignee)
    elif isinstance(assignee, int) and not isinstance(assignee, bool):
        user = db.session.get(User, assignee)
    else:
        user = None
    if user is None or not user.active:
        raise ValidationError(_l('Unknown assignee.'), {"assignee": _l('Name an active staff member by e-mail.')})
    return user.id


# -- reading -----------------------------------------------------------------------------

def _detail_options(collections=selectinload):
    """What a claim's page and the API show; `collections` loads the evidence and corrections."""
    return (
        joinedload(Claim.claimant),
        joinedload(Claim.article),
        joinedload(Claim.assignee),
        joinedload(Claim.verdict).joinedload(Verdict.rating),
        collections(Claim.evidence),
        collections(Claim.corrections),
    )


def get_claim(claim_id: int, viewer: User | None, *options) -> Claim:
    """The claim with what its page shows (and any further loader `options`), in one statement; the public
    sees published claims only."""
    # A claim has a few evidence rows and rarely a correction: joining both costs fewer rows than a query.
    claim = db.session.scalars(select(Claim).where(Claim.id == claim_id)
                               .options(*_detail_options(joinedload), *options)).unique().one_or_none()
    if claim is None or (viewer is None and not claim.is_published):
        raise NotFound(_l('There is no claim %(claim_id)s.', claim_id=claim_id))
    return claim


def get_claim_row(claim_id: int, viewer: User | None, *, lock: bool = False) -> Claim:
    """The claim's own row, nothing it links to: for a write that only adds to it (its evidence, all its
    sources and the article's text would be read for nothing). The public sees published claims only.

    `lock`: read it as lock_claim does, so that the write's own lock_claim sends nothing more.
    """
    claim = next(iter(_read_locked([claim_id])), None) if lock else db.session.get(Claim, claim_id)
    if claim is None or (viewer is None and not claim.is_published):
        raise NotFound(_l("There is no claim %(claim_id)s.", claim_id=claim_id))
    return claim


@dataclass
class ClaimPage:
    items: list[Claim]
    total: int
    page: int
    per_page: int


def _positive_int(value, field: str, default: int, maximum: int | None = None) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_l('%(field)s must be a whole number.', field=field), {field: _l('Must be a whole number.')}) from None
    if number < 1 or (maximum and number > maximum):
        limit = f" between 1 and {maximum}" if maximum else " of at least 1"
        raise ValidationError(_l('%(field)s must be a number%(limit)s.', field=field, limit=limit), {field: _l('Must be a number%(limit)s.', limit=limit)})
    return number


def list_claims(viewer: User | None, *, status=None, q=None, claimant=None, rating=None,
                page=None, per_page=None, lang=None, reader_language=None) -> ClaimPage:
    """A page of claims, newest first; the public sees published claims only. `lang` keeps to claims in that
    language and reads the words of `q` in it; without it they are read in `reader_language` and the others
    of services.search.query_languages."""
    page = _positive_int(page, "page", 1, MAX_PAGE)
    per_page = _positive_int(per_page, "per_page", 20, MAX_PER_PAGE)
    query = select(Claim)
    if viewer is None:
        query = query.where(Claim.status == ClaimStatus.PUBLISHED)
    if status:
        if status not in {s.value for s in ClaimStatus}:
            raise ValidationError(_l('Unknown status.'), {"status": _l('Use draft, in_review or published.')})
        query = query.where(Claim.status == status)
    lang = given_language(lang, "lang")
    if lang:
        query = query.where(Claim.language == lang)
    matches = matching_claims(q, lang, reader_language) if q else None
    if q and matches is None:
        query = query.where(false())  # a query without a single word matches nothing
    elif matches is not None:
        query = query.where(matches.where)
    if claimant:
        query = query.join(Claimant, Claim.claimant_id == Claimant.id).where(
            or_(Claimant.slug == claimant, func.lower(Claimant.name) == claimant.strip().lower())
        )
    if rating:
        query = query.where(Claim.rating_key == rating)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    newest, offset = func.coalesce(Claim.published_at, Claim.updated_at), (page - 1) * per_page
    if matches is not None:  # ranked when few enough match (search.ranked_at_most), else newest first
        query = best_first(query, matches, newest, offset, per_page, ranked=total <= ranked_at_most())
    else:
        query = query.order_by(newest.desc(), Claim.id.desc()).offset(offset).limit(per_page)
    items = db.session.scalars(query.options(*_detail_options())).unique().all()
    return ClaimPage(list(items), total, page, per_page)
