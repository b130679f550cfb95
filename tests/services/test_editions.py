"""The edition of the data: every transaction that writes renews it, last; reads and rollbacks leave it."""

from sqlalchemy import select, text, update

from factcheck import editions
from factcheck.editions import read_edition
from factcheck.extensions import db
from factcheck.models import ApiToken, Claim, DataEdition
from factcheck.services.accounts.users import create_api_token, end_sessions, user_for_token
from factcheck.services.claims.evidence import cite_source_by_url
from tests.factories import make_claim, make_user


def edition(app) -> str:
    with app.app_context():
        return read_edition()


def test_a_commit_that_wrote_renews_the_edition_and_a_read_leaves_it(app):
    before = edition(app)
    with app.app_context():
        db.session.scalar(select(Claim.id).limit(1))
        db.session.commit()
    after_read = edition(app)
    with app.app_context():
        make_claim(make_user("editor"))  # the factory commits
    after_write = edition(app)

    assert before == after_read
    assert after_write != before


def test_every_kind_of_write_renews_it_unsaved_or_rolled_back_ones_do_not(app):
    with app.app_context():
        claim_id = make_claim(make_user("editor")).id
    seen = [edition(app)]
    with app.app_context():
        db.session.get(Claim, claim_id).text = "Changed in memory, committed unflushed."
        db.session.commit()
    seen.append(edition(app))
    with app.app_context():
        db.session.execute(update(Claim).where(Claim.id == claim_id).values(text="A bulk UPDATE."))
        db.session.commit()
    seen.append(edition(app))
    with app.app_context():
        db.session.execute(text("UPDATE claim SET text = 'Plain SQL.' WHERE id = :id"), {"id": claim_id})
        db.session.commit()
    seen.append(edition(app))
    with app.app_context():
        db.session.get(Claim, claim_id).text = "Rolled back."
        db.session.flush()
        db.session.rollback()
    seen.append(edition(app))

    assert len(set(seen[:4])) == 4
    assert seen[4] == seen[3]


def test_the_renewal_is_the_last_statement_of_its_transaction(app, count_queries):
    with app.app_context():
        claim_id = make_claim(make_user("editor")).id
        with count_queries() as statements:
            db.session.get(Claim, claim_id).text = "Flushed at commit."
            db.session.commit()

    writes = [s.split()[0:2] for s in statements if not s.lstrip().upper().startswith("SELECT")]
    assert writes[-1] == ["UPDATE", "data_edition"]
    assert ["UPDATE", "claim"] in writes[:-1]


def counters(app) -> list[int]:
    return db.session.scalars(select(DataEdition.number).order_by(DataEdition.id)).all()


def test_writers_renew_one_of_sixteen_counters_and_each_commit_moves_the_sum_by_one(app):
    with app.app_context():
        user = make_user("editor")
        before = counters(app)
        for n in range(40):
            create_api_token(user, f"token {n}")
        after = counters(app)

    assert len(before) == len(after) == editions.SHARDS == 16
    assert sum(after) - sum(before) == 40
    assert sum(1 for old, new in zip(before, after) if new > old) > 1  # not one row for every writer


def test_writes_no_page_shows_renew_no_edition(app):
    with app.app_context():
        user = make_user("editor")
        token = create_api_token(user, "script")
        before = read_edition()
        assert user_for_token(token) is not None  # notes the token's first use
        end_sessions(user)  # signing out
        used = db.session.scalar(select(ApiToken.last_used_at))
        after = read_edition()

    assert used is not None
    assert after == before


def test_a_transaction_with_a_savepoint_renews_one_counter_once_at_its_commit(app, count_queries):
    """A savepoint's release renews nothing: two renewals in one transaction locked two random counters in
    either order, and two writers citing new sources at once could deadlock (a 503 after a second's wait)."""
    with app.app_context():
        user = make_user("editor")
        claim = make_claim(user)
        with count_queries() as statements:
            cite_source_by_url(user, claim, url="https://news.example/new-source", stance="supports")

    writes = [" ".join(s.split()[0:2]) for s in statements if not s.lstrip().upper().startswith("SELECT")]
    assert writes.count("UPDATE data_edition") == 1
    assert writes[-1] == "UPDATE data_edition"
