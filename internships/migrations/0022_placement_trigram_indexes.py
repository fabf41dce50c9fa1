"""Trigram indexes on the folded placement columns the staff lists search (PostgreSQL;
nothing elsewhere). practica_fold comes from accounts 0010."""

from django.db import migrations

COLUMNS = [("internships_placement", "title"), ("internships_placement", "city")]


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_fold_trgm"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
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


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_text_folding"),
        ("internships", "0021_period_calendar_rules"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
