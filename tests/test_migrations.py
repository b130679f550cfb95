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
