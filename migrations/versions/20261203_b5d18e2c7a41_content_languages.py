"""Content languages: claim.language, and on PostgreSQL the claim's search document in its language's configuration.

Existing claims take their article's language (its primary subtag: "ru-RU" → "ru"); claims without one stay
NULL, which the search treats as English, as before. The configuration chosen per language is frozen here
(a copy of factcheck.services.text.languages.configuration_case_sql at this revision): a language added later
needs a migration that regenerates the column. SQLite keeps its FTS5 table (the query is stemmed instead).
Slugs of existing claims are left as they are: the public route redirects a wrong slug to the new one.

Revision ID: b5d18e2c7a41
Revises: f883e5bdfe49
Create Date: 2026-12-03 08:55:00.000000

"""
import re

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b5d18e2c7a41'
down_revision = 'f883e5bdfe49'
branch_labels = None
depends_on = None

WORDS = "coalesce(text, '') || ' ' || coalesce(anchor_exact, '')"
CONFIGURATION = "CASE WHEN language IS NULL THEN 'english'::regconfig ELSE CASE language WHEN 'ar' THEN 'arabic'::regconfig WHEN 'ca' THEN 'catalan'::regconfig WHEN 'da' THEN 'danish'::regconfig WHEN 'de' THEN 'german'::regconfig WHEN 'el' THEN 'greek'::regconfig WHEN 'en' THEN 'english'::regconfig WHEN 'es' THEN 'spanish'::regconfig WHEN 'eu' THEN 'basque'::regconfig WHEN 'fi' THEN 'finnish'::regconfig WHEN 'fr' THEN 'french'::regconfig WHEN 'ga' THEN 'irish'::regconfig WHEN 'hi' THEN 'hindi'::regconfig WHEN 'hu' THEN 'hungarian'::regconfig WHEN 'hy' THEN 'armenian'::regconfig WHEN 'id' THEN 'indonesian'::regconfig WHEN 'it' THEN 'italian'::regconfig WHEN 'lt' THEN 'lithuanian'::regconfig WHEN 'ne' THEN 'nepali'::regconfig WHEN 'nl' THEN 'dutch'::regconfig WHEN 'no' THEN 'norwegian'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig WHEN 'ro' THEN 'romanian'::regconfig WHEN 'ru' THEN 'russian'::regconfig WHEN 'sr' THEN 'serbian'::regconfig WHEN 'sv' THEN 'swedish'::regconfig WHEN 'ta' THEN 'tamil'::regconfig WHEN 'tr' THEN 'turkish'::regconfig WHEN 'yi' THEN 'yiddish'::regconfig ELSE 'simple'::regconfig END END"
OLD_DOCUMENT = f"to_tsvector('english', {WORDS})"
NEW_DOCUMENT = f"to_tsvector({CONFIGURATION}, {WORDS})"


def _replace_document(document: str) -> None:
    op.execute("DROP INDEX IF EXISTS claim_fts")
    op.execute("ALTER TABLE claim DROP COLUMN search_document")
    op.execute(f"ALTER TABLE claim ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({document}) STORED")
    op.execute("CREATE INDEX claim_fts ON claim USING gin (search_document)")
    op.execute("ANALYZE claim")


def upgrade():
    op.add_column('claim', sa.Column('language', sa.String(length=16), nullable=True))
    bind = op.get_bind()
    for article_id, language in bind.execute(sa.text("SELECT id, language FROM article WHERE language IS NOT NULL")):
        code = re.match(r"^\s*([a-zA-Z]{2,3})(?:[-_]|\s*$)", language)
        if code:
            bind.execute(sa.text("UPDATE claim SET language = :code WHERE article_id = :id"),
                         {"code": code.group(1).lower(), "id": article_id})
    if bind.dialect.name == "postgresql":
        _replace_document(NEW_DOCUMENT)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _replace_document(OLD_DOCUMENT)
    op.drop_column('claim', 'language')
