"""practica_fold and the `fcontains` / `fstartswith` lookups: case and diacritics aside,
alike on SQLite and PostgreSQL."""

import pytest
from django.db import connection

from accounts.models import User
from core.search import fold, matches
from tests.factories import UserFactory


def last_names(**lookup) -> set[str]:
    return set(User.objects.filter(**lookup).values_list("last_name", flat=True))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ștețco", "stetco"),  # comma below
        ("Ştefan", "stefan"),  # cedilla
        ("ŢARĂ Învăţ", "tara invat"),
        ("Cluj-Napoca", "cluj-napoca"),
        ("", ""),
    ],
)
def test_fold_drops_case_and_diacritics(text, folded):
    assert fold(text) == folded


def test_fold_keeps_none():
    assert fold(None) is None


@pytest.mark.parametrize("text", ["stetco", "STETCO", "Ștețco", "Ştetco", "tet"])
def test_a_name_with_diacritics_is_found_from_any_spelling(db, text):
    UserFactory(last_name="Ștețco")
    UserFactory(last_name="Pop")

    assert last_names(last_name__fcontains=text) == {"Ștețco"}


def test_a_name_without_diacritics_is_found_from_text_with_them(db):
    UserFactory(last_name="Stetco")

    assert last_names(last_name__fcontains="ȘTEȚ") == {"Stetco"}
    assert last_names(last_name__fcontains="Ştet") == {"Stetco"}


def test_the_database_folds_as_python_does(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT practica_fold(%s), practica_fold(NULL)", ["Ştiinţa Ștefan ÎĂÂ"])
        assert cursor.fetchone() == ("stiinta stefan iaa", None)


def test_like_wildcards_in_the_text_are_plain_characters(db):
    UserFactory(last_name="Pop_100%")
    UserFactory(last_name="Popa1000")

    assert last_names(last_name__fcontains="p_1") == {"Pop_100%"}
    assert last_names(last_name__fcontains="0%") == {"Pop_100%"}
    assert last_names(last_name__fcontains="\\") == set()


def test_starts_with_is_folded_too(db):
    UserFactory(last_name="Ștețco")
    UserFactory(last_name="Aștețco")

    assert last_names(last_name__fstartswith="stet") == {"Ștețco"}


def test_matches_wants_every_word_in_some_field(db):
    UserFactory(first_name="Ștefan", last_name="Ștețco")
    UserFactory(first_name="Ștefan", last_name="Pop")

    def found(text):
        return last_names(pk__in=User.objects.filter(matches(["first_name", "last_name"], text)))

    assert found("stefan stetco") == {"Ștețco"}
    assert found("stefan") == {"Ștețco", "Pop"}
    assert found("  ") == {"Ștețco", "Pop"}
    assert found("stefan ionescu") == set()


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")


def test_the_fold_function_may_be_indexed(postgresql):
    with connection.cursor() as cursor:
        cursor.execute("SELECT provolatile FROM pg_proc WHERE proname = 'practica_fold'")
        assert cursor.fetchone() == ("i",)


@pytest.mark.parametrize(
    "index",
    [
        "accounts_user_last_name_fold_trgm",
        "accounts_user_email_fold_trgm",
        "accounts_studentprofile_student_number_fold_trgm",
        "accounts_organisation_legal_name_fold_trgm",
        "internships_placement_title_fold_trgm",
        "internships_placement_city_fold_trgm",
    ],
)
def test_the_searched_columns_have_trigram_indexes(postgresql, index):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        (definition,) = cursor.fetchone()
    assert "gin (practica_fold(" in definition
    assert "gin_trgm_ops" in definition


def test_a_name_search_can_use_its_trigram_index(postgresql):
    UserFactory(last_name="Ștețco")
    query = User.objects.filter(matches(["first_name", "last_name"], "stetco"))
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "accounts_user_last_name_fold_trgm" in plan
    assert "accounts_user_first_name_fold_trgm" in plan
