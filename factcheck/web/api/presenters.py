"""JSON presentation of articles, claims, sources and history, kept apart from the models.

`internal=True` adds what only token holders may see (e-mail addresses, assignments).
"""

from dataclasses import asdict
from datetime import datetime

from factcheck.i18n import kept_words
from factcheck.models import Article, Claim, Evidence, LinkRelation, Source, Verdict
from factcheck.services.text.attribution import Hint
from factcheck.services.reads.history import Entry, entry_json
from factcheck.services.claims.links import LinkView
from factcheck.services.site.publishing import public_url
from factcheck.services.text.sentences import Sentence


def iso(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant else None


def article_json(article: Article, sentences: list[Sentence], claims: list[dict], *, internal: bool) -> dict:
    data = {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
        "published_at": iso(article.published_at),
        "language": article.language,
        "text": article.text,
        "text_sha256": article.text_sha256,
        "imported_at": iso(article.imported_at),
        "sentences": [asdict(sentence) for sentence in sentences],
        "claims": claims,
    }
    if internal:
        data["imported_by"] = article.imported_by.email if article.imported_by else None
    return data


def hint_json(hint: Hint) -> dict:
    """An attribution hint; `source` only when the text names one."""
    data = {"start": hint.start, "end": hint.end, "quote": hint.quote, "claimant": hint.claimant}
    if hint.source:
        data["source"] = hint.source
    return data


def claim_json(claim: Claim, links: list[LinkView], *, base_url: str, internal: bool) -> dict:
    data = {
        "id": claim.id,
        "status": claim.status,
        "version": claim.version,
        "public_url": public_url(claim, base_url),
        "text": claim.text,
        "language": claim.language,
        "claimant": claim.claimant.name if claim.claimant else None,
        "claimed_at": iso(claim.claimed_at),
        "article_id": claim.article_id,
        "anchor": {
            "exact": claim.anchor_exact,
            "prefix": claim.anchor_prefix,
            "suffix": claim.anchor_suffix,
            "start": claim.anchor_start,
            "end": claim.anchor_end,
        },
        "anchor_status": claim.anchor_status,
        "anchor_similarity": claim.anchor_similarity,
        "anchor_reason": kept_words(claim.anchor_reason),
        "verdict": verdict_json(claim.verdict),
        "evidence": [evidence_json(row, internal=internal) for row in claim.evidence],
        "links": [link_json(view, internal=internal) for view in links],
    }
    if internal:
        data["assignee"] = claim.assignee.email if claim.assignee else None
        data["created_at"] = iso(claim.created_at)
        data["updated_at"] = iso(claim.updated_at)
    return data


def claim_summary_json(claim: Claim) -> dict:
    return {"id": claim.id, "text": claim.text, "status": claim.status}


def verdict_json(verdict: Verdict | None) -> dict | None:
    if verdict is None:
        return None
    return {
        "rating": verdict.rating_key,
        "summary": verdict.summary,
        "explanation": verdict.explanation,
        "updated_at": iso(verdict.updated_at),
    }


def evidence_json(evidence: Evidence, *, internal: bool = False) -> dict:
    """Evidence on a claim; its note is the desk's, so the public gets the field empty."""
    return {
        "id": evidence.id,
        "stance": evidence.stance,
        "quote": evidence.quote,
        "note": (evidence.note or "") if internal else "",
        "source": source_summary_json(evidence.source),
        "capture": capture_json(evidence),
    }


def capture_json(evidence: Evidence) -> dict | None:
    """The capture the evidence's quote was checked in; null until one is taken."""
    capture = evidence.capture
    if capture is None:
        return None
    return {"id": capture.id, "sha256": capture.sha256, "captured_at": iso(capture.captured_at),
            "url": capture.url, "quote_found": evidence.quote_found}


def link_json(view: LinkView, *, internal: bool = False) -> dict:
    """A link seen from one of its claims; `relation` stays as stored, `direction` says which end.

    The note explains the link to the desk; the public gets the field empty.
    """
    data = {
        "id": view.link.id,
        "relation": view.link.relation,
        "note": (view.link.note or "") if internal else "",
        "claim": claim_summary_json(view.other),
    }
    if not LinkRelation(view.link.relation).symmetric:
        data["direction"] = "outgoing" if view.outgoing else "incoming"
    return data


def source_summary_json(source: Source) -> dict:
    return {"id": source.id, "url": source.url, "title": source.title, "publisher": source.publisher}


def source_json(source: Source) -> dict:
    return {
        **source_summary_json(source),
        "author": source.author,
        "published_at": iso(source.published_at),
        "accessed_at": iso(source.accessed_at),
        "archive_url": source.archive_url,
        "kind": source.kind,
    }


CITING_CLAIM_FIELDS = ("id", "text", "status", "stance", "quote")


def citing_claim_json(row: tuple) -> dict:
    """A claim that cites a source, with how it cites it, from an (id, text, status, stance, quote) row."""
    return dict(zip(CITING_CLAIM_FIELDS, row))


def history_json(entry: Entry) -> dict:
    """One history entry as staff see it, with who made it (the public's is services.history.public_history)."""
    return {**entry_json(entry), "by_email": entry.actor.email if entry.actor else None}
