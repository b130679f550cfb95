"""An article's earlier texts: word-level diffs between them and the claims each change touched."""

from factcheck.i18n import lazy_gettext as _l
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from factcheck.errors import NotFound
from factcheck.extensions import db
from factcheck.models import Article, ArticleRevision, Claim
from factcheck.services.text.anchoring import Anchor
from factcheck.services.text.reanchoring import reanchor

# Words, runs of white space and single punctuation marks: joined back, they are the text.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
CONTEXT_CHARS = 80
GAP = "…"
# Sentences (up to their end mark and the space after it) and lines: compared first, as wholes.
_CHUNKS = re.compile(r".*?(?:[.!?]+[\"'”’)\]]*\s+|\n|$)", re.S)
MAX_WORD_DIFF_TOKENS = 20_000

Segment = tuple[str, str]  # (op, text); op is "equal", "insert" or "delete"


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _chunks(text: str) -> list[str]:
    """The text cut after each sentence end and line break; joined back, they are the text."""
    return [chunk for chunk in _CHUNKS.findall(text) if chunk]


def _word_segments(old: str, new: str) -> list[Segment]:
    """Word-level segments of one changed block (common head and tail first, then difflib)."""
    a, b = _tokens(old), _tokens(new)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    found = [("equal", "".join(a[:head]))]
    if len(middle_a) + len(middle_b) > MAX_WORD_DIFF_TOKENS:  # too big to compare word by word in time
        found += [("delete", "".join(middle_a)), ("insert", "".join(middle_b))]
    else:
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, middle_a, middle_b, autojunk=False).get_opcodes():
            if tag == "equal":
                found.append(("equal", "".join(middle_a[i1:i2])))
            else:
                found += [("delete", "".join(middle_a[i1:i2])), ("insert", "".join(middle_b[j1:j2]))]
    found.append(("equal", "".join(a[len(a) - tail:])))
    return found


def diff_words(old: str, new: str) -> list[Segment]:
    """The word-level difference from `old` to `new` as (op, text) segments, in text order.

    The equal and delete segments join into `old`; the equal and insert segments join into `new`.
    A replacement is a delete followed by an insert; neighbouring segments never share an op.
    Sentences and lines are compared first and only changed ones word by word, so long articles stay fast.
    """
    segments: list[Segment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    old_chunks, new_chunks = _chunks(old), _chunks(new)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_chunks, new_chunks, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(old_chunks[i1:i2]))
            continue
        for op, text in _word_segments("".join(old_chunks[i1:i2]), "".join(new_chunks[j1:j2])):
            add(op, text)
    return _deletes_before_inserts(segments)


def _deletes_before_inserts(segments: list[Segment]) -> list[Segment]:
    """Within each run of changes, one delete then one insert (easier to read, same texts)."""
    result: list[Segment] = []
    run: dict[str, str] = {"delete": "", "insert": ""}

    def flush() -> None:
        for op in ("delete", "insert"):
            if run[op]:
                result.append((op, run[op]))
            run[op] = ""

    for op, text in segments:
        if op == "equal":
            flush()
            result.append((op, text))
        else:
            run[op] += text
    flush()
    return result


def old_text(segments: list[Segment]) -> str:
    return "".join(text for op, text in segments if op != "insert")


def new_text(segments: list[Segment]) -> str:
    return "".join(text for op, text in segments if op != "delete")


# -- hunks: the changes with a little context, long unchanged runs collapsed to "…" --------

@dataclass
class Hunk:
    """One change (or several close together) with the unchanged words around it."""

    segments: list[Segment] = field(default_factory=list)
    # Where the changed text sits in the old text: (start, end) per change; an insertion is (p, p).
    old_regions: list[tuple[int, int]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def removed(self) -> int:
        return sum(len(text) for op, text in self.segments if op == "delete")

    @property
    def added(self) -> int:
        return sum(len(text) for op, text in self.segments if op == "insert")


def _head(text: str, limit: int) -> str:
    """About the first `limit` characters of `text`, cut after a word."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit] + GAP


def _tail(text: str, limit: int) -> str:
    """About the last `limit` characters of `text`, cut before a word."""
    if len(text) <= limit:
        return text
    cut = text.find(" ", len(text) - limit)
    start = cut + 1 if 0 <= cut < len(text) - limit // 2 else len(text) - limit
    return GAP + text[start:]


def hunks(segments: list[Segment], context: int = CONTEXT_CHARS) -> list[Hunk]:
    """The changes of a diff, each with up to `context` characters of unchanged text either side.

    Changes separated by less than twice the context stay in one hunk; longer unchanged runs
    between hunks are cut with "…".
    """
    found: list[Hunk] = []
    current: Hunk | None = None
    at = 0  # position in the old text
    for index, (op, text) in enumerate(segments):
        if op == "equal":
            is_last = index == len(segments) - 1
            if current is not None and (is_last or len(text) > 2 * context):
                current.segments.append(("equal", _head(text, context)))
                found.append(current)
                current = None
            elif current is not None:
                current.segments.append(("equal", text))
            at += len(text)
            continue
        if current is None:
            current = Hunk()
            if index > 0:
                current.segments.append(("equal", _tail(segments[index - 1][1], context)))
        current.segments.append((op, text))
        if op == "delete":
            current.old_regions.append((at, at + len(text)))
            at += len(text)
        else:
            current.old_regions.append((at, at))
    if current is not None:
        found.append(current)
    return found


def touches(region: tuple[int, int], start: int, end: int) -> bool:
    """Whether a change at `region` of the old text touches the span [start, end) of the old text.

    A deletion touches a span it overlaps; an insertion touches a span it falls inside or at the edge of.
    """
    first, last = region
    if first == last:
        return start <= first <= end
    return first < end and start < last


# -- reading an article's revisions --------------------------------------------------------

@dataclass
class RevisionView:
    """A revision, the text that replaced it, and what changed between the two."""

    article: Article
    revision: ArticleRevision
    number: int
    next_text: str
    is_latest: bool
    hunks: list[Hunk]
    touched: list[Claim]


def revisions_of(article: Article) -> list[ArticleRevision]:
    """The article's earlier texts, oldest first, each with who replaced it."""
    return list(db.session.scalars(
        select(ArticleRevision).where(ArticleRevision.article_id == article.id)
        .options(joinedload(ArticleRevision.replaced_by)).order_by(ArticleRevision.id)
    ))


def _old_span(claim: Claim, text: str) -> tuple[int, int] | None:
    """Where the claim's quote was in an earlier text of its article."""
    if claim.anchor_exact is None or claim.anchor_start is None:
        return None
    anchor = Anchor(claim.anchor_exact, claim.anchor_prefix or "", claim.anchor_suffix or "",
                    claim.anchor_start, claim.anchor_end)
    placed = reanchor(anchor, text).anchor
    return (placed.start, placed.end) if placed is not None else None


def revision_view(article: Article, revision_id: int, claims: list[Claim]) -> RevisionView:
    """The diff of one revision against the text that replaced it, with the claims each change touched."""
    revisions = revisions_of(article)
    for number, revision in enumerate(revisions, 1):
        if revision.id == revision_id:
            break
    else:
        raise NotFound(_l('Article %(article_id)s has no revision %(revision_id)s.', article_id=article.id, revision_id=revision_id))
    is_latest = number == len(revisions)
    following = article.text if is_latest else revisions[number].text
    found = hunks(diff_words(revision.text, following))
    spans = {claim.id: _old_span(claim, revision.text) for claim in claims}
    touched: list[Claim] = []
    for hunk in found:
        for claim in claims:
            span = spans[claim.id]
            if span and any(touches(region, *span) for region in hunk.old_regions):
                hunk.claims.append(claim)
                if claim not in touched:
                    touched.append(claim)
    return RevisionView(article, revision, number, following, is_latest, found, touched)

