"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from factcheck.database import include_in_schema_diff
from factcheck.extensions import db
from factcheck.models import Rating


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "compare_server_default": True,
                                                               "include_name": include_in_schema_diff})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], (
        "The models and the migrations disagree; run `bash scripts/new-migration \"...\"` and review it:\n"
        + "\n".join(map(str, differences))
    )


def test_migrations_have_one_head_and_the_database_is_at_it(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        heads = ScriptDirectory.from_config(config).get_heads()
        with db.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_heads()
    assert len(heads) == 1, f"several migration heads: {heads}; merge them"
    assert set(current) == set(heads)


def test_the_default_rating_scale_is_installed(app):
    with app.app_context():
        ratings = db.session.scalars(select(Rating).order_by(Rating.position)).all()
        scale = [(r.key, r.label, r.colour, r.value) for r in ratings]
    assert scale == [
        ("true", "True", "#1a7f37", 5),
        ("mostly-true", "Mostly true", "#4d7c0f", 4),
        ("mixed", "Mixed", "#9a6700", 3),
        ("mostly-false", "Mostly false", "#bc4c00", 2),
        ("false", "False", "#cf222e", 1),
        ("misleading", "Misleading", "#8250df", None),
        ("unproven", "Unproven", "#57606a", None),
    ]


def test_the_revision_link_is_backfilled_as_the_desk_paired_saves_and_revisions(app):
    """3811b59a1ad0 links existing verdict saves to their revisions: the n-th save of a claim to its n-th
    revision, where a claim has as many of each (elsewhere the desk paired none, and none are linked)."""
    import flask_migrate
    from sqlalchemy import text

    from factcheck.models import AuditEvent, VerdictRevision
    from tests.factories import make_claim, make_user, make_verdict

    with app.app_context():
        editor = make_user("editor")
        paired, unpaired = make_claim(editor), make_claim(editor, exact="More than 3,000 protesters")
        for claim in (paired, unpaired):
            make_verdict(editor, claim, summary="First.")
            make_verdict(editor, claim, summary="Second.")
        db.session.add(VerdictRevision(claim_id=unpaired.id, rating_key="true", summary="Stray.", explanation=""))
        db.session.commit()
        paired_id, unpaired_id = paired.id, unpaired.id
        written = dict(db.session.execute(select(AuditEvent.id, AuditEvent.revision_id)
                                          .where(AuditEvent.action == "verdict.set", AuditEvent.claim_id == paired_id)
                                          .order_by(AuditEvent.id)).all())
        db.session.remove()

        flask_migrate.downgrade(revision="b5d18e2c7a41")
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            linked = dict(connection.execute(text(
                "SELECT id, revision_id FROM audit_event WHERE action = 'verdict.set' AND claim_id = :id"),
                {"id": paired_id}).all())
            unlinked = connection.execute(text(
                "SELECT revision_id FROM audit_event WHERE action = 'verdict.set' AND claim_id = :id"),
                {"id": unpaired_id}).scalars().all()
    assert len(written) == 2 and None not in written.values()
    assert linked == written
    assert unlinked == [None, None]
