"""Full-text search over placements: a GIN index on PostgreSQL (SQLite searches by contains)."""

from django.db import migrations

INDEX = "internships_placement_search_gin"
EXPRESSION = "to_tsvector('simple'::regconfig, title || ' ' || description)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON internships_placement USING gin ({EXPRESSION})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("internships", "0002_application_applicationnote_period_placement_and_more")]
    operations = [migrations.RunPython(create, drop)]
