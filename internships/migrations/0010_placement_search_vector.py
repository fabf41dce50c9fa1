"""A stored, GIN-indexed search vector for placements (PostgreSQL; a plain column elsewhere).

The vector is kept by the database itself: a trigger recomputes it whenever a placement's
text, city or organisation is written (services, admin, bulk inserts alike), and another
when an organisation is renamed. internships.search.update_search_vectors refills it.
"""

import django.contrib.postgres.search
from django.db import migrations

OLD_INDEX = "internships_placement_search_gin"
OLD_EXPRESSION = "to_tsvector('simple'::regconfig, title || ' ' || description)"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is only STABLE (it reads its dictionary by name); naming the dictionary
    # makes the result depend on the input alone, so the wrapper may be IMMUTABLE.
    """
    CREATE OR REPLACE FUNCTION practica_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT public.unaccent('public.unaccent', $1) $$
    """,
    # Weights: A the title, B the description (Romanian), the organisation and the city,
    # C the description (English), D responsibilities and learning outcomes.
    """
    CREATE OR REPLACE FUNCTION practica_placement_search_vector(
        title text, description text, responsibilities text, learning_outcomes text,
        organisation text, city text
    ) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT
        setweight(to_tsvector('simple'::regconfig, practica_unaccent(coalesce($1, ''))), 'A')
        || setweight(to_tsvector('romanian'::regconfig, practica_unaccent(coalesce($1, ''))), 'A')
        || setweight(to_tsvector('english'::regconfig, practica_unaccent(coalesce($1, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig,
               practica_unaccent(coalesce($5, '') || ' ' || coalesce($6, ''))), 'B')
        || setweight(to_tsvector('romanian'::regconfig, practica_unaccent(coalesce($2, ''))), 'B')
        || setweight(to_tsvector('english'::regconfig, practica_unaccent(coalesce($2, ''))), 'C')
        || setweight(to_tsvector('simple'::regconfig,
               practica_unaccent(coalesce($3, '') || ' ' || coalesce($4, ''))), 'D')
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION practica_placement_search_vector_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN
        NEW.search_vector := practica_placement_search_vector(
            NEW.title, NEW.description, NEW.responsibilities, NEW.learning_outcomes,
            (SELECT legal_name FROM accounts_organisation WHERE id = NEW.organisation_id),
            NEW.city
        );
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER practica_placement_search_vector
    BEFORE INSERT OR UPDATE OF title, description, responsibilities, learning_outcomes, city,
        organisation_id
    ON internships_placement
    FOR EACH ROW EXECUTE FUNCTION practica_placement_search_vector_trigger()
    """,
    """
    CREATE OR REPLACE FUNCTION practica_organisation_search_vector_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN
        IF NEW.legal_name IS DISTINCT FROM OLD.legal_name THEN
            UPDATE internships_placement
            SET search_vector = practica_placement_search_vector(
                title, description, responsibilities, learning_outcomes, NEW.legal_name, city
            )
            WHERE organisation_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER practica_organisation_search_vector
    AFTER UPDATE OF legal_name ON accounts_organisation
    FOR EACH ROW EXECUTE FUNCTION practica_organisation_search_vector_trigger()
    """,
    """
    UPDATE internships_placement AS p
    SET search_vector = practica_placement_search_vector(
        p.title, p.description, p.responsibilities, p.learning_outcomes, o.legal_name, p.city
    )
    FROM accounts_organisation AS o
    WHERE o.id = p.organisation_id
    """,
    "CREATE INDEX IF NOT EXISTS internships_placement_search_vector_gin "
    "ON internships_placement USING gin (search_vector)",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
]

BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON internships_placement USING gin ({OLD_EXPRESSION})",
    "DROP INDEX IF EXISTS internships_placement_search_vector_gin",
    "DROP TRIGGER IF EXISTS practica_organisation_search_vector ON accounts_organisation",
    "DROP TRIGGER IF EXISTS practica_placement_search_vector ON internships_placement",
    "DROP FUNCTION IF EXISTS practica_organisation_search_vector_trigger()",
    "DROP FUNCTION IF EXISTS practica_placement_search_vector_trigger()",
    "DROP FUNCTION IF EXISTS practica_placement_search_vector(text, text, text, text, text, text)",
    "DROP FUNCTION IF EXISTS practica_unaccent(text)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("internships", "0009_certificate_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
