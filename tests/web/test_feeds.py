"""The Atom feed and the ClaimReview DataFeed list published fact-checks only."""

import json
import xml.etree.ElementTree as ET

import pytest

from factcheck.cli.demo import load_demo

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()


def test_atom_feed_is_well_formed_and_lists_published_claims(client, demo):
    response = client.get("/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert "False: Order has been restored in Kazakhstan." in titles
    assert not any("Dozens of attackers" in title for title in titles)  # in review
    assert not any("twenty thousand bandits" in title for title in titles)  # draft
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}id").text.startswith("http://localhost/claims/")
        assert entry.find(f"{ATOM}updated").text


def test_claimreview_feed_is_a_datafeed_of_published_reviews(client, demo):
    response = client.get("/claimreview.json")
    assert response.status_code == 200
    feed = json.loads(response.data)
    assert feed["@type"] == "DataFeed" and feed["@context"] == "https://schema.org"
    reviews = feed["dataFeedElement"]
    assert {r["@type"] for r in reviews} == {"ClaimReview"}
    assert "Order has been restored in Kazakhstan." in {r["claimReviewed"] for r in reviews}
    assert all(r["reviewRating"]["alternateName"] and r["url"] and r["datePublished"] for r in reviews)
    assert "Dozens of attackers have been eliminated." not in {r["claimReviewed"] for r in reviews}


def test_feeds_escape_hostile_text(app, client):
    from tests.factories import make_claim, make_user, make_verdict
    from factcheck.services.claims.workflow import transition

    with app.app_context():
        checker, editor = make_user("factchecker"), make_user("editor")
        claim = make_claim(checker, claimant="<script>alert(1)</script> & Co")
        from factcheck.services.claims.claims import update_claim
        update_claim(checker, claim, text="</title><script>alert(1)</script>")
        make_verdict(checker, claim, summary="]]><evil/>")
        transition(checker, claim, "in_review")
        transition(editor, claim, "published")
    feed = ET.fromstring(client.get("/feed.atom").data)
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "False: </title><script>alert(1)</script>"
    assert entry.find(f"{ATOM}summary").text.endswith("]]><evil/>")


def test_every_review_in_the_datafeed_has_googles_properties_and_expands_as_json_ld(client, demo):
    from tests.fixtures.claim_review import expand_offline, missing_google_properties

    feed = json.loads(client.get("/claimreview.json").data)

    for review in feed["dataFeedElement"]:
        numeric = review["reviewRating"]["alternateName"] not in ("Misleading", "Unproven")
        assert missing_google_properties({"@context": feed["@context"], **review}, with_numeric_rating=numeric) == []
    (expanded,) = expand_offline(feed)
    assert expanded["@type"] == ["https://schema.org/DataFeed"]
    assert len(expanded["https://schema.org/dataFeedElement"]) == len(feed["dataFeedElement"])


def test_feeds_answer_304_to_a_reader_who_has_them(client, demo):
    for path in ("/feed.atom", "/claimreview.json"):
        first = client.get(path)
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert (first.status_code, again.status_code) == (200, 304)
        assert first.headers["Cache-Control"] == "public, max-age=60"


def test_the_datafeed_is_written_once_per_edition_and_renewed_by_a_change(app, client, demo, count_queries):
    from pathlib import Path

    from factcheck.services.claims.workflow import transition
    from factcheck.web.stored import KEPT
    from tests.factories import make_claim, make_user, make_verdict

    first = client.get("/claimreview.json")
    with count_queries() as statements:
        again = client.get("/claimreview.json")
    assert again.data == first.data and len(statements) == 1  # the edition, then the stored file
    assert again.mimetype == "application/ld+json" and again.headers["Cache-Control"] == "public, max-age=60"
    assert again.headers["Content-Disposition"] == "inline; filename=claimreview.json"  # not the stored name

    for n in range(KEPT + 1):
        with app.app_context():
            checker, editor = make_user("factchecker"), make_user("editor")
            claim = make_claim(checker, claimant=f"Claimant {n}")
            make_verdict(checker, claim, summary=f"Checked {n}.")
            transition(checker, claim, "in_review")
            transition(editor, claim, "published")
            text = claim.text
        reviews = json.loads(client.get("/claimreview.json").data)["dataFeedElement"]
        assert text in {review["claimReviewed"] for review in reviews}
        assert len(reviews) == len(json.loads(first.data)["dataFeedElement"]) + n + 1
    folder = Path(app.config["FEED_FOLDER"])
    assert len(list(folder.glob("claimreview-*.json"))) == KEPT and not list(folder.glob(".*partial"))


def test_each_review_in_the_datafeed_is_the_one_its_claim_page_embeds(app, client, demo):
    """The feed reads its reviews as rows and the claim page from its claim: both say the same, with or without a
    claimant, an article, an article URL or a numeric rating."""
    import re

    from factcheck.services.claims.claims import create_claim
    from factcheck.services.claims.workflow import transition
    from tests.factories import make_user, make_verdict

    with app.app_context():
        checker, editor = make_user("factchecker"), make_user("editor")
        bare = create_claim(checker, text="A claim from a speech, by nobody named.")
        make_verdict(checker, bare, rating="unproven", summary="Nobody can tell.")
        transition(checker, bare, "in_review")
        transition(editor, bare, "published")

    reviews = json.loads(client.get("/claimreview.json").data)["dataFeedElement"]
    assert len(reviews) >= 4 and {"Unproven", "False"} <= {r["reviewRating"]["name"] for r in reviews}
    assert any("appearance" not in r["itemReviewed"] and "author" not in r["itemReviewed"] for r in reviews)
    for review in reviews:
        page = client.get(review["url"].removeprefix("http://localhost")).get_data(as_text=True)
        embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
        assert json.loads(embedded) == review


def test_workers_asking_for_a_datafeed_being_written_wait_for_it_rather_than_write_it_again(app, tmp_path):
    import threading
    import time

    from factcheck.web.stored import stored_document

    app.config["FEED_FOLDER"] = str(tmp_path)
    writes, both_asking = [], threading.Barrier(2)

    def write(out):
        writes.append(threading.get_ident())
        time.sleep(0.5)  # long enough for the other to ask while this one writes
        out.write('{"written": true}')

    def ask(paths):
        with app.app_context():
            both_asking.wait()
            paths.append(stored_document("claimreview", "edition 7", write))

    paths = []
    askers = [threading.Thread(target=ask, args=(paths,)) for _ in range(2)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()

    assert len(writes) == 1
    assert paths[0] == paths[1] and json.loads(paths[0].read_text()) == {"written": True}
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob(".*.partial"))
