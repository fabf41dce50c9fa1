"""The audit record only grows: on PostgreSQL a trigger refuses UPDATE and DELETE of a row of
the events and of the files opened, whoever connects (the app, a shell, the admin).

TRUNCATE fires no row trigger, so a test database is still emptied between tests; the
GDPR erasure anonymises the user row the lines point to and leaves the lines alone. On
SQLite (development, tests) the models refuse it in Python only.
"""

from django.db import migrations

TABLES = ("internships_event", "notifications_access")

FUNCTION = """
CREATE OR REPLACE FUNCTION practica_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit record is append-only: % of % refused.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def forwards(apps, schema_editor):
    if not _postgresql(schema_editor):
        return
    schema_editor.execute(FUNCTION, params=None)  # its % are PL/pgSQL's, not placeholders
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION practica_append_only()"
        )


def backwards(apps, schema_editor):
    if not _postgresql(schema_editor):
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS practica_append_only()")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0006_audit_log")]

    operations = [migrations.RunPython(forwards, backwards)]
