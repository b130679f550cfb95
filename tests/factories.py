"""Test data, made through the same services the app uses. Call inside an app context."""

import itertools

from factcheck.extensions import db
from factcheck.models import User
from factcheck.services.accounts.users import create_user

_numbers = itertools.count(1)


def make_user(role: str = "factchecker", email: str | None = None, password: str = "password123",
              name: str | None = None) -> User:
    """A new staff account; its columns stay readable after the app context ends."""
    email = email or f"{role}{next(_numbers)}@example.org"
    user = create_user(email, role=role, password=password, name=name)
    db.session.refresh(user)
    return user


ARTICLE_TEXT = (
    "Earlier on Friday, Tokayev said order had been restored in Kazakhstan. "
    "According to TASS, shots were fired late into the night in the center of Almaty. "
    "More than 3,000 protesters have been arrested."
)


def make_article(actor: User, text: str = ARTICLE_TEXT, title: str = "Violence in Almaty continues", **fields):
    from factcheck.services.articles.articles import create_article

    return create_article(actor, title=title, text=text, **fields)


def make_claim(actor: User, article=None, exact: str = "order had been restored in Kazakhstan",
               claimant: str | None = "Kassym-Jomart Tokayev", **fields):
    """A draft claim anchored on `exact` in the article (one is made when none is given)."""
    from factcheck.services.claims.claims import create_claim

    article = article or make_article(actor)
    return create_claim(actor, article=article, claimant=claimant,
                        selector={"type": "TextQuoteSelector", "exact": exact}, **fields)


def make_verdict(actor: User, claim, rating: str = "false", summary: str = "Fighting went on.", **fields):
    from factcheck.services.claims.verdicts import set_verdict

    return set_verdict(actor, claim, rating=rating, summary=summary, **fields)


def revise_demo_article() -> dict[str, int]:
    """Edit the demo article (load_demo first) so that two quotes change: the published "order had been restored"
    and the draft "twenty thousand bandits" become fuzzy. Returns their claim ids."""
    from sqlalchemy import select

    from factcheck.models import Article, Claim
    from factcheck.services.articles.articles import update_article
    from factcheck.services.accounts.users import find_user

    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    text = (article.text.replace("order had been restored in Kazakhstan", "order had been fully restored in Kazakhstan")
            .replace("“twenty thousand bandits”", "“twenty thousand armed bandits”"))
    update_article(find_user("editor@example.org"), article, text=text)
    fuzzy = db.session.scalars(select(Claim).where(Claim.anchor_status == "fuzzy")).all()
    by_status = {claim.status: claim.id for claim in fuzzy}
    assert set(by_status) == {"published", "draft"}, [(c.status, c.anchor_exact) for c in fuzzy]
    return by_status


def make_capture(source, paragraphs: list[str], title: str = "A captured page"):
    """A capture of `source` as if its page had answered with these paragraphs (stored like any capture)."""
    import hashlib
    from datetime import UTC, datetime
    from html import escape

    from factcheck.services.library.captures import store_capture
    from factcheck.services.library.fetching import Fetched

    body = (f"<!doctype html><html><head><title>{escape(title)}</title></head><body><article><h1>{escape(title)}</h1>"
            + "".join(f"<p>{escape(text)}</p>" for text in paragraphs) + "</article></body></html>").encode()
    fetched = Fetched(url=source.url, status=200, content_type="text/html", charset="utf-8", body=body,
                      sha256=hashlib.sha256(body).hexdigest(), fetched_at=datetime.now(UTC),
                      headers=[("Content-Type", "text/html; charset=utf-8")], reason="OK")
    return store_capture(None, source, fetched)


RUSSIAN_ARTICLE = "tests/fixtures/russian_article.txt"
RUSSIAN_QUOTE = "погибли 26 протестующих, которых власти называют «вооружёнными преступниками»"


def publish_russian_claim() -> dict[str, int]:
    """The Russian article (its language detected) with one published claim from its "По официальным данным"
    hint: {"article": id, "claim": id}. Needs the demo users (load_demo)."""
    from pathlib import Path

    from sqlalchemy import select

    from factcheck.models import User
    from factcheck.services.claims.workflow import transition

    editor = db.session.scalar(select(User).where(User.email == "editor@example.org"))
    text = (Path(__file__).resolve().parent.parent / RUSSIAN_ARTICLE).read_text()
    article = make_article(editor, text=text, title="Токаев приказал стрелять без предупреждения")
    claim = make_claim(editor, article, exact=RUSSIAN_QUOTE, claimant="Официальные данные")
    make_verdict(editor, claim, summary="Число погибших позже выросло.")
    transition(editor, claim, "in_review")
    transition(editor, claim, "published")
    return {"article": article.id, "claim": claim.id, "slug": claim.slug}
