"""The transparency pages the IFCN Code of Principles asks for, written by admins in Markdown.

Four pages, each at a fixed public path that ClaimReview's publisher properties point at. A page nobody has
written yet shows its default text (the demo's), so those links never lead nowhere. Every edit is an
AuditEvent with the text before and after: that is the page's history.
"""

from factcheck.i18n import lazy_gettext as _l
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from factcheck.errors import Forbidden, NotFound
from factcheck.extensions import db
from factcheck.models import AuditEvent, TransparencyPage, User
from factcheck.models.types import utcnow
from factcheck.services.core.audit import record
from factcheck.services.text.fields import clean_text
from factcheck.services.core.transaction import transactional

MAX_TITLE = 200
MAX_BODY = 50_000


@dataclass(frozen=True)
class PageKind:
    slug: str
    title: str
    purpose: str  # what the page is for, shown to the admin who edits it
    default_body: str


PAGE_KINDS = [
    PageKind("methodology", _l("Methodology and principles"),
             _l("How claims are chosen and checked, what each rating means, and the principles the desk follows."),
             _l("We check claims made in public by politicians, officials, institutions and widely shared posts. "
                "We choose them by their reach and by what is at stake for the public, whoever made them.\n\n"
                "## How we check a claim\n\n"
                "1. We mark the exact words of the claim in its original context, and keep that context.\n"
                "2. We look for the best available evidence: primary documents and data first, then official "
                "statements, then reporting. Every source is listed with the claim, with an archived copy where we "
                "could make one.\n"
                "3. We ask the person or body who made the claim for their evidence where that is possible.\n"
                "4. A fact-checker drafts the verdict; an editor reviews it before anything is published.\n\n"
                "## Our ratings\n\n"
                "- **True**: accurate, nothing significant missing.\n"
                "- **Mostly true**: accurate, but needs clarification or context.\n"
                "- **Mixed**: partly accurate, partly not.\n"
                "- **Mostly false**: contains an element of truth but ignores facts that would change the picture.\n"
                "- **False**: not accurate.\n"
                "- **Misleading**: accurate in part, but presented so as to give a false impression.\n"
                "- **Unproven**: the evidence available does not allow a verdict.\n\n"
                "We apply the same standard to every claimant. We are signatories of the principles of "
                "non-partisanship, transparency of sources, of funding and organisation, of methodology, and of "
                "open and honest corrections.")),
    PageKind("corrections-policy", _l("Corrections policy"),
             _l("How readers report mistakes and how the desk corrects a published fact-check."),
             _l("We correct our mistakes openly.\n\n"
                "When we learn that a published fact-check is wrong or incomplete, an editor reopens it. Nothing a "
                "reader sees changes silently: the claim, its verdict, its sources and its related claims can only "
                "change after the fact-check has been reopened for correction.\n\n"
                "When the fact-check is published again, a correction note is shown at the foot of the page, with "
                "its date and the list of what changed (for example a new rating, a source added or removed). Every "
                "correction is also listed on our [corrections page](/corrections).\n\n"
                "To report a mistake, write to us through our [contact page](/about/contact). We answer every "
                "request, and we say so publicly when a report leads to a correction.")),
    PageKind("ownership-funding", _l("Ownership and funding"),
             _l("Who owns the organisation, who funds it, and how it is organised."),
             _l("We are an independent, non-profit fact-checking desk.\n\n"
                "## Ownership\n\nThe organisation is owned by its members; no government, party or company holds a "
                "stake in it or a seat on its board.\n\n"
                "## Funding\n\nWe list every source of funding that makes up more than 5% of our yearly income, "
                "with the amount, in our annual report. Funders have no say in what we check or in our verdicts.\n\n"
                "## Organisation\n\nAn editor-in-chief leads a team of editors and fact-checkers. Editors review and "
                "publish every fact-check; fact-checkers never publish their own work.")),
    PageKind("contact", _l("Contact us"),
             _l("How readers, claimants and the press reach the desk, and how to report a mistake."),
             _l("Write to the desk at [desk@factcheck.example](mailto:desk@factcheck.example).\n\n"
                "- **Report a mistake**: name the fact-check and say what you think is wrong. See our "
                "[corrections policy](/about/corrections-policy).\n"
                "- **Suggest a claim to check**: send the exact words, where they were said, and a link.\n"
                "- **Claimants** who want to give us evidence for a claim we are checking are welcome to.\n\n"
                "We answer within three working days.")),
]
KINDS = {kind.slug: kind for kind in PAGE_KINDS}
# ClaimReview's Organization properties (schema.org) and the page each one points at.
PUBLISHER_PROPERTIES = {
    "publishingPrinciples": "methodology",
    "verificationFactCheckingPolicy": "methodology",
    "correctionsPolicy": "corrections-policy",
    "ownershipFundingInfo": "ownership-funding",
}


def page_path(slug: str) -> str:
    return f"/about/{slug}"


def _kind(slug: str) -> PageKind:
    if slug not in KINDS:
        raise NotFound(_l('There is no page %(slug)r.', slug=slug))
    return KINDS[slug]


def get_page(slug: str) -> TransparencyPage:
    """The page as written, or (not saved) its default text when nobody has written it yet."""
    kind = _kind(slug)
    page = db.session.scalar(select(TransparencyPage).where(TransparencyPage.slug == slug)
                             .options(joinedload(TransparencyPage.updated_by)))
    # The default text in the reader's language: what an admin saves is then theirs, as written.
    return page or TransparencyPage(slug=slug, title=str(kind.title), body=str(kind.default_body))


def all_pages() -> list[tuple[PageKind, TransparencyPage | None]]:
    """Each kind of page with its row (None while it shows its default), in the order of PAGE_KINDS."""
    rows = {page.slug: page for page in db.session.scalars(select(TransparencyPage))}
    return [(kind, rows.get(kind.slug)) for kind in PAGE_KINDS]


def page_state(page: TransparencyPage) -> dict:
    return {"title": page.title, "body": page.body}


@transactional
def update_page(actor: User, slug: str, *, title, body) -> TransparencyPage:
    """Save a page's new title and text (admins only); the change is kept in the audit log."""
    if not actor.has_role("admin"):
        raise Forbidden(_l('Only an admin may edit the transparency pages.'))
    kind = _kind(slug)
    title = clean_text(title, "title", required=True, max_length=MAX_TITLE, label="Title")
    body = clean_text(body, "body", required=True, max_length=MAX_BODY, label="Text")
    page = db.session.scalar(select(TransparencyPage).where(TransparencyPage.slug == slug))
    before = page_state(page) if page else {"title": str(kind.title), "body": str(kind.default_body)}
    if page is None:
        page = TransparencyPage(slug=slug)
        db.session.add(page)
    page.title, page.body = title, body
    after = page_state(page)
    if after != before or page.id is None:
        page.updated_at, page.updated_by_id = utcnow(), actor.id
        record(actor, "page.update", page, before=before, after=after)
    return page


def page_history(page: TransparencyPage) -> list[AuditEvent]:
    """The page's edits, newest first."""
    if page.id is None:
        return []
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == TransparencyPage.__tablename__,
                                 AuditEvent.entity_id == page.id)
        .options(joinedload(AuditEvent.actor)).order_by(AuditEvent.id.desc())))


def write_default_pages(actor: User) -> int:
    """Save each page not written yet with its default text (the demo's); how many were saved."""
    written = {slug for slug in db.session.scalars(select(TransparencyPage.slug))}
    missing = [kind for kind in PAGE_KINDS if kind.slug not in written]
    for kind in missing:
        update_page(actor, kind.slug, title=str(kind.title), body=str(kind.default_body))  # in the site's language
    return len(missing)
