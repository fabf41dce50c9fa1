"""What a review of the search and names slices found: a full-width wildcard typed in a
search box, a record written in the reader's language, a name taken twice."""

import pytest
from django.utils import translation

from accounts.models import Skill, User
from core.audit import changes
from core.services import ServiceError
from office.services import save_reference
from tests.factories import ProgrammeFactory, UserFactory


@pytest.mark.parametrize("typed", ["％", "＿", "%", "_"])
def test_a_wildcard_typed_in_any_width_matches_only_itself(db, typed):
    UserFactory(first_name="Ana")
    UserFactory(first_name="Ioana 100%")

    found = set(
        User.objects.filter(first_name__fcontains=typed).values_list("first_name", flat=True)
    )

    assert found == ({"Ioana 100%"} if typed in "%％" else set())


def test_a_record_names_a_programme_by_its_stored_name_whoever_reads(db):
    programme = ProgrammeFactory(name="Computer Science", name_ro="Informatică")

    with translation.override("ro"):
        note = changes({"programme": None}, {"programme": programme})

    assert note == "programme: — → Computer Science"


@pytest.mark.parametrize("taken, typed", [("Zylang", "zylang"), ("științăx", "ȘTIINȚĂX")])
def test_a_name_is_in_the_list_once_whatever_its_case(db, staff, taken, typed):
    Skill.objects.create(name=taken)

    with pytest.raises(ServiceError):
        save_reference(by=staff, record=Skill(), data={"name": typed})

    assert Skill.objects.filter(name=typed).count() == 0


@pytest.mark.parametrize("typed, written", [("lukasz", "Łukasz"), ("strasse", "Straße")])
def test_letters_without_a_decomposition_fold_as_unaccent_folds_them(db, typed, written):
    UserFactory(last_name=written)

    assert User.objects.filter(last_name__fcontains=typed).count() == 1
