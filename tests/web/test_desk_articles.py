"""The desk's article pages: pasting an article, reading its sentences, making claims from them."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Article, AuditEvent, Claim, Evidence, Source, User
from factcheck.services.reads import desk, history
from factcheck.services.articles.articles import create_article
from factcheck.services.claims.claims import create_claim
from factcheck.services.text.sentences import split_sentences
from factcheck.services.claims.verdicts import set_verdict
from factcheck.services.claims.workflow import transition
from tests.factories import make_user

TEXT = (
    "Tokayev said order had been restored in Kazakhstan. "
    "TASS reported that shots were fired late into the night. "
    "Officials said 26 attackers were killed.\n"
    "A police spokesman said dozens of attackers had been eliminated. "
    "Officials repeated that 26 attackers were killed."
)
FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HTMX = {"HX-Request": "true"}


def form_token(client, path: str) -> str:
    match = FORM_TOKEN.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token in a form on {path}"
    return match.group(1)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def checker(auth):
    return auth.login_as("factchecker", name="Farida")


@pytest.fixture
def article_id(app, checker):
    with app.app_context():
        actor = db.session.get(User, checker.id)
        return create_article(actor, title="Violence continues in Almaty", text=TEXT,
                              outlet="News Example", published_at="2022-01-07").id


def add_claims(app, article_id: int, how_many: int, user_id: int) -> None:
    with app.app_context():
        actor = db.session.get(User, user_id)
        article = db.session.get(Article, article_id)
        for n, sentence in enumerate(split_sentences(TEXT)[:how_many] * 2):
            if n >= how_many:
                break
            claim = create_claim(actor, article=article, claimant=f"Person {n % 3}",
                                 selector={"type": "TextPositionSelector", "start": sentence.start,
                                           "end": sentence.end - (n // 5)})
            if n % 2:
                set_verdict(actor, claim, rating="false", summary="Not so.")


# -- access --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/desk/", "/desk/articles", "/desk/articles/new", "/desk/articles/1",
                                  "/desk/articles/1/claims/new?start=0&end=5"])
def test_signed_out_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_posting_an_article_without_a_csrf_token_is_refused(client, app, checker):
    response = client.post("/desk/articles/new", data={"title": "T", "text": "Some text."})
    assert response.status_code == 400
    with app.app_context():
        assert count(Article) == 0


def test_making_a_claim_without_a_csrf_token_is_refused(client, app, article_id):
    response = client.post(f"/desk/articles/{article_id}/claims", data={"start": "0", "end": "10"})
    assert response.status_code == 400
    with app.app_context():
        assert count(Claim) == 0


# -- importing articles ----------------------------------------------------------------------

def test_pasting_an_article_stores_it_and_opens_its_page(client, app, checker):
    token = form_token(client, "/desk/articles/new")
    response = client.post("/desk/articles/new", data={
        "csrf_token": token, "title": "Violence continues", "text": TEXT, "url": "https://news.example/a",
        "outlet": "News Example", "author": "Foreign desk", "published_at": "2022-01-07",
    })
    assert response.status_code == 303
    with app.app_context():
        article = db.session.scalars(select(Article)).one()
        assert article.outlet == "News Example"
        assert article.published_at.date().isoformat() == "2022-01-07"
    assert response.headers["Location"] == f"/desk/articles/{article.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Violence continues" in page
    assert "Foreign desk" in page


def test_an_article_without_text_is_answered_with_the_message_beside_the_field(client, app, checker):
    token = form_token(client, "/desk/articles/new")
    response = client.post("/desk/articles/new", data={"csrf_token": token, "title": "Kept title", "text": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Paste the article&#39;s text." in page
    assert 'value="Kept title"' in page
    with app.app_context():
        assert count(Article) == 0


def test_an_oversized_article_is_refused_and_nothing_is_stored(client, app, checker):
    token = form_token(client, "/desk/articles/new")
    response = client.post("/desk/articles/new", data={"csrf_token": token, "title": "Huge",
                                                       "text": "a" * 1_000_001})
    page = response.get_data(as_text=True)
    assert response.status_code in (413, 422)
    assert "At most 1,000,000 characters." in page
    assert 'value="Huge"' in page
    with app.app_context():
        assert count(Article) == 0


def test_a_bad_url_from_the_service_is_shown_beside_the_url_field(client, app, checker):
    token = form_token(client, "/desk/articles/new")
    response = client.post("/desk/articles/new", data={"csrf_token": token, "title": "T", "text": TEXT,
                                                       "url": "ftp://example.org/x"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="url-error"' in page
    with app.app_context():
        assert count(Article) == 0


def test_the_article_list_links_to_each_article(client, article_id):
    page = client.get("/desk/articles").get_data(as_text=True)
    assert f'href="/desk/articles/{article_id}"' in page


# -- the article page ----------------------------------------------------------------------

def test_the_article_page_shows_each_sentence_as_a_link_to_claim_it(client, article_id):
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    for sentence in split_sentences(TEXT):
        assert f"start={sentence.start}&amp;end={sentence.end}" in page
    assert 'data-hx-get="/desk/articles/' in page
    assert 'name="quote-exact"' in page


def test_existing_claims_are_marked_in_the_text_and_listed_with_their_status(client, app, checker, article_id):
    add_claims(app, article_id, 2, checker.id)
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert '<mark class="claim-quote"' in page
    assert ">Tokayev said order had been restored in Kazakhstan.</mark>" in page
    assert "status-draft" in page and "rating-false" in page
    with app.app_context():
        ids = db.session.scalars(select(Claim.id)).all()
    for claim_id in ids:
        assert f'href="/desk/claims/{claim_id}"' in page


@pytest.mark.parametrize("claims", [1, 8])
def test_the_article_page_issues_a_fixed_number_of_statements(client, app, checker, article_id,
                                                              count_queries, claims):
    add_claims(app, article_id, claims, checker.id)
    with count_queries() as statements:
        assert client.get(f"/desk/articles/{article_id}").status_code == 200
    # the signed-in user, the article, its claims (with claimant and verdict), claimant names,
    # the dismissed hints (the hints themselves are computed from the text)
    assert len(statements) == 5, statements


def test_the_new_claim_form_is_a_partial_for_htmx_and_a_page_otherwise(client, article_id):
    sentence = split_sentences(TEXT)[1]
    path = f"/desk/articles/{article_id}/claims/new?start={sentence.start}&end={sentence.end}"
    fragment = client.get(path, headers=HTMX)
    assert fragment.status_code == 200
    html = fragment.get_data(as_text=True)
    assert "<html" not in html
    assert sentence.text in html
    assert f'name="start" type="hidden" value="{sentence.start}"' in html
    assert "<datalist" in html
    page = client.get(path).get_data(as_text=True)
    assert "<html" in page and sentence.text in page


def test_a_new_claim_form_for_a_span_outside_the_text_is_refused(client, article_id):
    response = client.get(f"/desk/articles/{article_id}/claims/new?start=5&end=99999")
    assert response.status_code == 422


# -- making claims -------------------------------------------------------------------------

def test_a_claim_from_a_sentence_position_opens_its_workspace(client, app, article_id):
    sentence = split_sentences(TEXT)[1]
    token = form_token(client, f"/desk/articles/{article_id}")
    response = client.post(f"/desk/articles/{article_id}/claims", data={
        "csrf_token": token, "start": sentence.start, "end": sentence.end, "claimant": "TASS",
    })
    assert response.status_code == 303
    with app.app_context():
        claim = db.session.scalars(select(Claim)).one()
        assert claim.anchor_exact == sentence.text
        assert claim.text == sentence.text
        assert claim.claimant.name == "TASS"
        assert claim.anchor_prefix.endswith("Kazakhstan. ")
    assert response.headers["Location"] == f"/desk/claims/{claim.id}"


def test_htmx_gets_a_full_page_redirect_to_the_workspace(client, app, article_id):
    sentence = split_sentences(TEXT)[0]
    token = form_token(client, f"/desk/articles/{article_id}")
    response = client.post(f"/desk/articles/{article_id}/claims", headers={**HTMX, "X-CSRFToken": token},
                           data={"start": sentence.start, "end": sentence.end,
                                 "text": "Order has been restored in Kazakhstan.", "claimant": "Tokayev"})
    assert response.status_code == 200
    with app.app_context():
        claim = db.session.scalars(select(Claim)).one()
        assert claim.text == "Order has been restored in Kazakhstan."
    assert response.headers["HX-Redirect"] == f"/desk/claims/{claim.id}"


def test_a_bad_position_re_renders_the_claim_form_with_what_was_typed(client, app, article_id):
    token = form_token(client, f"/desk/articles/{article_id}")
    response = client.post(f"/desk/articles/{article_id}/claims", headers={**HTMX, "X-CSRFToken": token},
                           data={"start": 10, "end": 5, "text": "Typed text", "claimant": "Somebody"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" not in html
    assert "is not a span of this text" in html
    assert "Typed text" in html and 'value="Somebody"' in html
    with app.app_context():
        assert count(Claim) == 0


def test_a_claim_from_an_exact_quote_opens_its_workspace(client, app, article_id):
    token = form_token(client, f"/desk/articles/{article_id}")
    response = client.post(f"/desk/articles/{article_id}/claims", data={
        "csrf_token": token, "quote-exact": "order had been restored in Kazakhstan",
        "quote-text": "Order has been restored in Kazakhstan.", "quote-claimant": "Kassym-Jomart Tokayev",
    })
    assert response.status_code == 303
    with app.app_context():
        claim = db.session.scalars(select(Claim)).one()
        assert claim.anchor_start == TEXT.index("order had been restored")
        assert claim.claimant.name == "Kassym-Jomart Tokayev"
    assert response.headers["Location"] == f"/desk/claims/{claim.id}"


def test_a_repeated_quote_is_told_apart_by_its_suffix(client, app, article_id):
    token = form_token(client, f"/desk/articles/{article_id}")
    response = client.post(f"/desk/articles/{article_id}/claims", data={
        "csrf_token": token, "quote-exact": "26 attackers were killed", "quote-prefix": "repeated that ",
    })
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Claim)).one().anchor_start == TEXT.rindex("26 attackers")


@pytest.mark.parametrize("quote, message", [
    ("order was never restored", "The quote does not occur in the article text."),
    ("26 attackers were killed", "The quote occurs 2 times in the text; add a prefix or suffix to say which."),
])
def test_a_quote_that_is_missing_or_ambiguous_says_so_and_stores_nothing(client, app, article_id, quote, message):
    token = form_token(client, f"/desk/articles/{article_id}")
    response = client.post(f"/desk/articles/{article_id}/claims", data={
        "csrf_token": token, "quote-exact": quote, "quote-claimant": "Officials",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" in page
    assert message in page
    assert 'id="quote-exact-error"' in page
    assert quote in page and 'value="Officials"' in page
    with app.app_context():
        assert count(Claim) == 0


def test_a_failed_quote_for_htmx_returns_only_the_quote_form(client, article_id):
    token = form_token(client, f"/desk/articles/{article_id}")
    response = client.post(f"/desk/articles/{article_id}/claims", headers={**HTMX, "X-CSRFToken": token},
                           data={"quote-exact": "not in the text at all"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" not in html
    assert 'id="quote-claim"' in html
    assert "The quote does not occur in the article text." in html


def test_an_empty_quote_is_answered_beside_the_field(client, app, article_id):
    token = form_token(client, f"/desk/articles/{article_id}")
    response = client.post(f"/desk/articles/{article_id}/claims", data={"csrf_token": token, "quote-exact": ""})
    assert response.status_code == 422
    assert "Paste the words exactly as in the text." in response.get_data(as_text=True)


# -- the desk's front page -------------------------------------------------------------------

def test_the_desk_shows_my_work_the_review_queue_and_what_happened(client, app, auth, checker, article_id):
    add_claims(app, article_id, 3, checker.id)
    with app.app_context():
        actor = db.session.get(User, checker.id)
        submitted = db.session.scalars(select(Claim).order_by(Claim.id)).all()[1]
        transition(actor, submitted, "in_review")
        submitted_text = submitted.text
    page = client.get("/desk/").get_data(as_text=True)
    assert "My work" in page and "Review queue" in page and "Recently published" in page
    assert "Editors publish" in page
    assert submitted_text in page
    assert "Farida" in page and "submitted for review" in page
    assert f'href="/desk/articles/{article_id}"' in page
    assert 'href="/desk/articles/new"' in page


@pytest.mark.parametrize("claims", [1, 8])
def test_the_desk_issues_a_fixed_number_of_statements(client, app, checker, article_id, count_queries, claims):
    add_claims(app, article_id, claims, checker.id)
    with count_queries() as statements:
        assert client.get("/desk/").status_code == 200
    # The user, the activity's events, every list's claims (my work, review queue, published, orphaned, anchors
    # to confirm, published quotes changed, broken links) with the activity's, the send-back notes, the queue's
    # size, the articles.
    assert len(statements) == 6, statements


def fill_every_desk_list(app, checker_id: int, article_id: int) -> dict[str, list[str]]:
    """Claims in each list of the desk's front page; the texts each list should show, in order."""
    add_claims(app, article_id, 5, checker_id)
    with app.app_context():
        actor = db.session.get(User, checker_id)
        editor = make_user("editor")
        claims = db.session.scalars(select(Claim).order_by(Claim.id)).all()
        rated = [claim for claim in claims if claim.verdict is not None]  # claims 2 and 4
        for claim in rated:
            transition(actor, claim, "in_review")
        transition(editor, rated[1], "published")
        claims[0].anchor_status = "orphaned"
        claims[2].anchor_status = "fuzzy"
        source = Source(url="https://example.org/gone", title="Gone", link_status="broken")
        db.session.add(source)
        db.session.flush()
        db.session.add(Evidence(claim_id=claims[4].id, source_id=source.id, stance="supports"))
        db.session.commit()
        return {"queue": [rated[0].text], "published": [rated[1].text], "orphaned": [claims[0].text],
                "to_confirm": [claims[2].text], "broken": [claims[4].text]}


# An editor's page also reads the staff to assign to; this editor has no drafts of their own, so no send-back notes.
@pytest.mark.parametrize("role, expected", [("factchecker", 6), ("editor", 6)])
def test_every_list_of_the_desk_is_read_in_the_same_statements(client, app, auth, checker, article_id,
                                                                count_queries, role, expected):
    fill_every_desk_list(app, checker.id, article_id)
    if role == "editor":
        auth.logout()
        auth.login_as("editor")
    with count_queries() as statements:
        page = client.get("/desk/").get_data(as_text=True)
    assert len(statements) == expected, statements
    assert page.count('class="desk-list__item') >= 5


def test_the_desk_lists_claims_in_their_orders_and_counts_the_whole_queue(client, app, auth, checker, article_id):
    with app.app_context():
        actor, article = db.session.get(User, checker.id), db.session.get(Article, article_id)
        sentences = split_sentences(TEXT)
        made = []
        for n in range(25):  # 22 stay in review: more than the 20 the queue shows
            sentence = sentences[n % len(sentences)]
            claim = create_claim(actor, article=article, claimant="Person", text=f"Queued claim {n:02}",
                                 selector={"type": "TextPositionSelector", "start": sentence.start,
                                           "end": sentence.end - n // len(sentences)})
            set_verdict(actor, claim, rating="false", summary="Not so.")
            transition(actor, claim, "in_review")
            made.append(claim.id)
        editor = make_user("editor")
        for claim_id in made[-3:]:  # published in turn: the page shows the last one first
            transition(editor, db.session.get(Claim, claim_id), "published")
    page = client.get("/desk/").get_data(as_text=True)
    queue = page.split('id="review-queue"')[1].split("</section>")[0]
    assert '<span class="desk-count">22</span>' in queue
    assert "the first 20 shown" in queue
    shown = re.findall(r"Queued claim (\d\d)", queue)
    assert shown == [f"{n:02}" for n in range(20)]  # the longest-waiting first
    published = page.split('id="recently-published"')[1].split("</section>")[0]
    assert re.findall(r"Queued claim (\d\d)", published) == ["24", "23", "22"]


def test_the_desk_lists_claims_whose_quote_was_lost_or_whose_sources_are_broken(client, app, checker, article_id):
    add_claims(app, article_id, 3, checker.id)
    with app.app_context():
        lost, cited = db.session.scalars(select(Claim).order_by(Claim.id)).all()[:2]
        lost.anchor_status = "orphaned"
        source = Source(url="https://example.org/gone", title="Gone", link_status="broken")
        db.session.add(source)
        db.session.flush()
        db.session.add(Evidence(claim_id=cited.id, source_id=source.id, stance="supports"))
        db.session.commit()
        lost_text, cited_text = lost.text, cited.text
    page = client.get("/desk/").get_data(as_text=True)
    attention = page.split('id="needs-attention"')[1].split("</section>")[0]
    orphaned, broken = attention.split('id="broken-links"')
    assert lost_text in orphaned and cited_text not in orphaned
    assert cited_text in broken and lost_text not in broken


# -- article_segments (pure) ---------------------------------------------------------------

def span(start: int, end: int, status: str = "exact"):
    return SimpleNamespace(anchor_start=start, anchor_end=end, anchor_status=status)


def pieces_of(segments):
    return [[(piece.text, piece.claim) for piece in segment.pieces] for segment in segments]


def test_segments_without_claims_are_the_sentences():
    text = "One thing. Another thing."
    segments = desk.article_segments(text, split_sentences(text), [])
    assert pieces_of(segments) == [[("One thing.", None)], [("Another thing.", None)]]


def test_segments_cut_a_sentence_where_a_claim_begins_and_ends():
    text = "He said order had been restored today."
    claim = span(text.index("order"), text.index(" today"))
    segments = desk.article_segments(text, split_sentences(text), [claim])
    assert pieces_of(segments) == [[("He said ", None), ("order had been restored", claim), (" today.", None)]]
    assert segments[0].claims == [claim]


def test_a_claim_across_two_sentences_is_marked_in_both():
    text = "First part here. Second part there."
    claim = span(text.index("here"), text.index(" there"))
    segments = desk.article_segments(text, split_sentences(text), [claim])
    assert pieces_of(segments) == [
        [("First part ", None), ("here.", claim)],
        [("Second part", claim), (" there.", None)],
    ]


def test_overlapping_claims_leave_the_overlap_to_the_first():
    text = "Alpha beta gamma delta."
    first, second = span(0, 10), span(6, 16)
    segments = desk.article_segments(text, split_sentences(text), [second, first])
    assert pieces_of(segments) == [[("Alpha beta", first), (" gamma", second), (" delta.", None)]]


def test_a_claim_inside_another_is_not_marked_separately():
    text = "Alpha beta gamma delta."
    outer, inner = span(0, 16), span(6, 10)
    segments = desk.article_segments(text, split_sentences(text), [inner, outer])
    assert pieces_of(segments) == [[("Alpha beta gamma", outer), (" delta.", None)]]


def test_orphaned_and_unanchored_claims_are_not_marked():
    text = "Alpha beta gamma."
    claims = [span(0, 5, "orphaned"), SimpleNamespace(anchor_start=None, anchor_end=None, anchor_status=None)]
    segments = desk.article_segments(text, split_sentences(text), claims)
    assert pieces_of(segments) == [[("Alpha beta gamma.", None)]]


def test_pieces_of_every_sentence_join_back_into_the_sentence():
    claims = [span(5, 40), span(30, 70), span(100, 160), span(len(TEXT) - 10, len(TEXT))]
    for segment in desk.article_segments(TEXT, split_sentences(TEXT), claims):
        assert "".join(piece.text for piece in segment.pieces) == segment.sentence.text


def test_paragraphs_follow_the_line_breaks_of_the_text():
    segments = desk.article_segments(TEXT, split_sentences(TEXT), [])
    grouped = desk.paragraphs(TEXT, segments)
    assert [len(paragraph) for paragraph in grouped] == [3, 2]


def test_audit_actions_read_as_words():
    event = AuditEvent(action="claim.transition", before={"status": "in_review"}, after={"status": "draft"})
    assert history.action_in_words(event) == "sent back to draft"
    assert history.action_in_words(AuditEvent(action="evidence.add")) == "added evidence to"
