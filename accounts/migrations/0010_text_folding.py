"""practica_fold(text) on PostgreSQL, and trigram indexes on the folded columns the staff
lists search (SQLite registers its own practica_fold on each connection: core.search).

practica_fold is lower(unaccent(text)). unaccent() is only STABLE (it reads its dictionary
by name); naming the dictionary makes the result depend on the input alone, so the
function may be IMMUTABLE, as an index on it requires (as internships 0010 does for
practica_unaccent, which this does not depend on: it may run before it).
"""

from django.db import migrations

# (table, column) searched with `__fcontains` by the staff lists.
COLUMNS = [
    ("accounts_user", "first_name"),
    ("accounts_user", "last_name"),
    ("accounts_user", "email"),
    ("accounts_studentprofile", "student_number"),
    ("accounts_organisation", "legal_name"),
    ("accounts_organisation", "registration_number"),
    ("accounts_organisation", "city"),
    ("accounts_organisation", "website"),
]

FUNCTION = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION practica_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent', $1)) $$
    """,
]


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_fold_trgm"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FUNCTION:
        schema_editor.execute(statement)
    for table, column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(table, column)} ON {table} "
            f"USING gin (practica_fold({column}) gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(table, column)}")
    schema_editor.execute("DROP FUNCTION IF EXISTS practica_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_user_language")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
