"""The flask commands of DESIGN.md."""

from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Article, Claim, ClaimLink, Evidence, User, Verdict
from factcheck.services.accounts.users import user_for_token


def test_users_create_and_token(app, runner):
    result = runner.invoke(args=["users", "create", "desk@example.org", "--role", "editor",
                                 "--password", "long-enough"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "token", "desk@example.org", "--name", "CMS"])
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    with app.app_context():
        assert user_for_token(token).email == "desk@example.org"


def test_users_create_refuses_bad_input(app, runner):
    assert runner.invoke(args=["users", "create", "not-an-email", "--role", "editor", "--password", "x" * 9]).exit_code != 0
    assert runner.invoke(args=["users", "create", "a@example.org", "--role", "editor", "--password", "short"]).exit_code != 0
    assert runner.invoke(args=["users", "create", "a@example.org", "--role", "boss", "--password", "x" * 9]).exit_code != 0
    assert runner.invoke(args=["users", "token", "nobody@example.org"]).exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_users_password_disable_and_enable(app, runner):
    from factcheck.services.accounts.users import authenticate, create_api_token, find_user

    runner.invoke(args=["users", "create", "desk@example.org", "--role", "editor", "--password", "first-password"])
    with app.app_context():
        token = create_api_token(find_user("desk@example.org"))

    changed = runner.invoke(args=["users", "password", "desk@example.org"], input="second-password\nsecond-password\n")
    assert changed.exit_code == 0, changed.output
    with app.app_context():
        assert authenticate("desk@example.org", "first-password") is None
        assert authenticate("desk@example.org", "second-password") is not None
        assert user_for_token(token) is None  # a new password revokes the tokens

    assert runner.invoke(args=["users", "disable", "desk@example.org"]).exit_code == 0
    with app.app_context():
        assert authenticate("desk@example.org", "second-password") is None
    assert runner.invoke(args=["users", "enable", "desk@example.org"]).exit_code == 0
    with app.app_context():
        assert authenticate("desk@example.org", "second-password") is not None

    assert runner.invoke(args=["users", "password", "desk@example.org", "--password", "short"]).exit_code != 0
    assert runner.invoke(args=["users", "disable", "nobody@example.org"]).exit_code != 0


def test_demo_loads_the_seed_article_once(app, runner):
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == second.exit_code == 0
    assert "already loaded" in second.output and "editor@example.org" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Article.id))) == 1
        claims = {c.text: c for c in db.session.scalars(select(Claim))}
        restored = claims["Order has been restored in Kazakhstan."]
        assert restored.status == "published" and restored.verdict.rating_key == "false"
        assert restored.anchor_exact == "order had been restored in Kazakhstan"
        assert {c.status for c in claims.values()} >= {"published", "in_review", "draft"}
        assert db.session.scalar(select(func.count(ClaimLink.id)).where(ClaimLink.relation == "contradicts")) >= 3
        assert db.session.scalar(select(func.count(Evidence.id))) >= 10
        assert db.session.scalar(select(func.count(Verdict.id))) == len(claims)
