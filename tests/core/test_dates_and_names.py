"""Dates and names read right in both languages (issue #16): day-first dates, names in the
reader's language, and lists in Romanian alphabetical order."""

import re
import unicodedata
from datetime import date, datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import formats, translation

from accounts.forms import StudentProfileForm
from accounts.models import County, Programme, Sector, Skill
from core.forms import order_names_alphabetically
from core.text import in_reader_language, romanian_key
from tests import factories

DAY = date(2026, 12, 4)
COUNTIES = [
    "Călărași", "Covasna", "Caraș-Severin", "Cluj", "Ialomița", "Iași", "Ilfov", "Sălaj",
    "Satu Mare", "Sibiu", "Suceava", "Timiș", "Teleorman", "Tulcea", "Argeș", "Alba", "Arad",
]  # fmt: skip
IN_ROMANIAN_ORDER = [
    "Alba", "Arad", "Argeș", "Caraș-Severin", "Călărași", "Cluj", "Covasna", "Ialomița",
    "Iași", "Ilfov", "Satu Mare", "Sălaj", "Sibiu", "Suceava", "Teleorman", "Timiș", "Tulcea",
]  # fmt: skip


# Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, name, expected",
    [
        ("en", "DATE_FORMAT", "4 December 2026"),
        ("en", "SHORT_DATE_FORMAT", "04.12.2026"),
        ("ro", "DATE_FORMAT", "4 decembrie 2026"),
        ("ro", "SHORT_DATE_FORMAT", "04.12.2026"),
        ("en", "YEAR_MONTH_FORMAT", "December 2026"),
        ("ro", "YEAR_MONTH_FORMAT", "decembrie 2026"),
    ],
)
def test_dates_are_written_day_first_with_romanian_months_in_lower_case(language, name, expected):
    with translation.override(language):
        assert formats.date_format(DAY, name) == expected


def test_every_romanian_month_is_in_lower_case():
    with translation.override("ro"):
        for month in range(1, 13):
            written = formats.date_format(date(2026, month, 1), "DATE_FORMAT")
            assert written == written.lower(), written


@pytest.mark.parametrize("language", ["en", "ro"])
@pytest.mark.parametrize("typed", ["2026-12-04", "04.12.2026"])
def test_a_date_field_reads_iso_and_day_first(language, typed):
    with translation.override(language):
        field = forms.DateField()
        assert field.clean(typed) == DAY
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"


def test_a_date_typed_month_first_is_not_read_as_another_day():
    with translation.override("en"), pytest.raises(forms.ValidationError):
        forms.DateField().clean("12/31/2026")


def test_the_placement_page_writes_its_dates_day_first_in_both_languages(client, placement):
    url = reverse("placement_detail", args=[placement.pk])

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    romanian = client.get(url, HTTP_ACCEPT_LANGUAGE="ro").content.decode()

    with translation.override("en"):
        assert f"Apply by {formats.date_format(placement.deadline)}." in english
    day, year = placement.deadline.day, placement.deadline.year
    assert re.search(rf"\b{day} [A-Z][a-z]+ {year}\b", english)
    assert not re.search(r"\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}\b", english)  # "Oct. 30, 2026"
    with translation.override("ro"):
        assert formats.date_format(placement.deadline) in romanian
    assert re.search(rf"\b{day} [a-zăâîșț]+ {year}\b", romanian)


def test_the_student_home_writes_short_dates_day_first(client, student, placement):
    internship = factories.InternshipFactory(
        application__student=student, application__placement=placement
    )
    client.force_login(student)

    for language in ("en", "ro"):
        html = client.get(reverse("student_home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert internship.starts_on.strftime("%d.%m.%Y") in html
        assert internship.starts_on.strftime("%m/%d/%Y") not in html


def test_a_datetime_on_a_page_is_day_first_in_english():
    with translation.override("en"):
        written = formats.date_format(datetime(2027, 1, 7, 9, 5), "DATETIME_FORMAT")
    assert written == "7 January 2027, 09:05"


# Names in the reader's language ---------------------------------------------------------


def test_a_name_is_shown_in_the_readers_language():
    sector = Sector(name="Health", name_ro="Sănătate")
    programme = Programme(name="Computer Science", name_ro="Informatică", faculty="Mathematics")
    period = factories.PeriodFactory.build(name="Summer 2027", name_ro="Vara 2027")
    untranslated = Skill(name="Django")

    with translation.override("ro"):
        assert [str(sector), str(programme), str(period), str(untranslated)] == [
            "Sănătate",
            "Informatică",
            "Vara 2027",
            "Django",
        ]
        assert programme.faculty_display == "Mathematics"  # no Romanian: the English
        assert in_reader_language({"name": "Summer", "name_ro": "Vara"}) == "Vara"
    with translation.override("en"):
        assert [sector.display_name, programme.display_name, period.display_name] == [
            "Health",
            "Computer Science",
            "Summer 2027",
        ]
    assert in_reader_language(None) == ""


def test_the_placement_page_names_programme_period_and_skills_in_romanian(
    client, placement, programme, period
):
    programme.name_ro = "Informatică aplicată"
    programme.save()
    period.name_ro = "Vara 2027"
    period.save()
    placement.skills.add(factories.SkillFactory(name="Teamwork", name_ro="Lucru în echipă"))
    url = reverse("placement_detail", args=[placement.pk])

    romanian = client.get(url, HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for text in ("Informatică aplicată", "Vara 2027", "Lucru în echipă"):
        assert text in romanian
        assert text not in english
    assert "Summer 2027" in english and "Teamwork" in english


def option_labels(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    labels = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)
    return [re.sub(r"\s*\(\d+\)$", "", label).strip() for _, label in labels]


def test_the_search_filters_name_programmes_and_periods_in_romanian(
    client, placement, programme, period
):
    programme.name_ro = "Informatică aplicată"
    programme.save()
    period.name_ro = "Vara 2027"
    period.save()

    html = client.get(reverse("placement_search"), HTTP_ACCEPT_LANGUAGE="ro").content.decode()

    assert "Informatică aplicată" in option_labels(html, "programme")
    assert "Vara 2027" in option_labels(html, "period")


# Romanian alphabetical order --------------------------------------------------------------


def test_the_romanian_key_orders_the_counties_as_the_official_list():
    assert sorted(COUNTIES, key=romanian_key) == IN_ROMANIAN_ORDER


def test_the_romanian_key_ignores_case_and_puts_each_diacritic_after_its_letter():
    words = ["țară", "Tara", "sud", "Școală", "Ana", "ăla", "âncă", "Înalt", "inel", "zebră"]
    assert sorted(words, key=romanian_key) == [
        "Ana", "ăla", "âncă", "inel", "Înalt", "sud", "Școală", "Tara", "țară", "zebră",
    ]  # fmt: skip


def test_the_romanian_key_reads_decomposed_text_as_the_composed_letters():
    decomposed = unicodedata.normalize("NFD", "Școală și țară")
    assert decomposed != "Școală și țară"
    assert romanian_key(decomposed) == romanian_key("Școală și țară")
    six = unicodedata.normalize("NFD", "Șase")
    assert sorted(["Tara", six, "Sud"], key=romanian_key) == ["Sud", six, "Tara"]


def test_the_romanian_key_reads_none_as_empty_text():
    assert romanian_key(None) == romanian_key("") == ()
    assert sorted(["Nordic", None, "Ana"], key=romanian_key) == [None, "Ana", "Nordic"]


def test_the_romanian_key_orders_numbers_by_their_value():
    names = ["Grupa 10", "Grupa 2", "Grupa 1", "Grupa A", "Grupa 02b", "Grupa"]
    assert sorted(names, key=romanian_key) == [
        "Grupa", "Grupa 1", "Grupa 2", "Grupa 02b", "Grupa 10", "Grupa A",
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_county_choices_are_in_romanian_alphabetical_order(client):
    html = client.get(reverse("placement_search"), HTTP_ACCEPT_LANGUAGE="ro").content.decode()

    counties = option_labels(html, "county")
    assert counties == sorted(County.objects.values_list("name", flat=True), key=romanian_key)
    assert counties.index("Călărași") < counties.index("Covasna")
    assert counties.index("Caraș-Severin") < counties.index("Călărași")
    assert counties.index("Satu Mare") < counties.index("Sălaj") < counties.index("Sibiu")


@pytest.mark.django_db
def test_skill_choices_sort_by_the_name_the_reader_reads(student):
    for name, name_ro in [
        ("Welding", "Sudură"),
        ("Accounting", "Contabilitate"),
        ("Sales", "Șantier"),
    ]:
        factories.SkillFactory(name=name, name_ro=name_ro)

    with translation.override("ro"):
        form = StudentProfileForm(instance=student.student_profile)
        labels = [str(label) for value, label in form.fields["skills"].choices]
        html = str(form["skills"])
    assert labels.index("Contabilitate") < labels.index("Sudură") < labels.index("Șantier")
    assert html.index("Contabilitate") < html.index("Sudură") < html.index("Șantier")

    with translation.override("en"):
        form = StudentProfileForm(instance=student.student_profile)
        labels = [str(label) for value, label in form.fields["skills"].choices]
    assert labels.index("Accounting") < labels.index("Sales") < labels.index("Welding")


@pytest.mark.django_db
def test_lists_sorted_otherwise_keep_their_order():
    class PeriodForm(forms.Form):
        period = forms.ModelChoiceField(
            queryset=factories.PeriodFactory._meta.model.objects.order_by("-starts_on")
        )

    factories.PeriodFactory(name="B", starts_on=date(2027, 1, 1))
    factories.PeriodFactory(name="A", starts_on=date(2026, 1, 1))
    form = PeriodForm()
    order_names_alphabetically(form)

    assert [str(label) for _, label in form.fields["period"].choices][1:] == ["B", "A"]


@pytest.mark.django_db
def test_sorting_the_choices_costs_no_extra_query(django_assert_num_queries, student):
    with translation.override("ro"):
        form = StudentProfileForm(instance=student.student_profile)
        with django_assert_num_queries(1):
            str(form["skills"])


def test_the_staff_filters_name_programmes_in_romanian_and_in_romanian_order(client, staff):
    for name, name_ro, code in [
        ("Tourism", "Turism", "TUR"),
        ("Accounting", "Ștafetă contabilă", "CTB"),
        ("Sociology", "Sociologie", "SOC"),
    ]:
        factories.ProgrammeFactory(name=name, name_ro=name_ro, code=code)
    client.force_login(staff)

    romanian = client.get(reverse("staff_students"), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    english = client.get(reverse("staff_students"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    chosen = ["Sociologie", "Ștafetă contabilă", "Turism"]
    assert [label for label in option_labels(romanian, "programme") if label in chosen] == chosen
    english_names = ["Accounting", "Sociology", "Tourism"]
    labels = option_labels(english, "programme")
    assert [label for label in labels if label in english_names] == english_names


def test_the_sector_filter_is_in_the_readers_language_and_alphabet(client, staff):
    client.force_login(staff)
    url = reverse("staff_organisation_directory")

    html = client.get(url, HTTP_ACCEPT_LANGUAGE="ro").content.decode()

    sectors = option_labels(html, "sector")
    with translation.override("ro"):
        expected = sorted((str(sector) for sector in Sector.objects.all()), key=romanian_key)
    assert len(sectors) > 3 and sectors == expected
