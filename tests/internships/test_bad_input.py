"""Every list answers nonsense in its address with a normal page: the filters it does not
understand are left out (or shown as the field's error), a page past the end is the last
page, and nothing is changed, never a server error."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Organisation
from office import roster as rosters
from tests.factories import OrganisationFactory, PlacementFactory

SCRIPT = "<script>alert(1)</script>"
PUNCTUATION = "!@#$%^&*()_+-=[]{};':\",./<>?\\|`~ … „” «»"
ENORMOUS = "9" * 40

NONSENSE = {
    "page_negative": {"page": "-1"},
    "page_zero": {"page": "0"},
    "page_past_the_end": {"page": "99999"},
    "page_not_a_number": {"page": "abc"},
    "page_exponent": {"page": "1e9"},
    "page_enormous": {"page": ENORMOUS},
    "ids_not_numbers": {
        "county": "abc",
        "programme": "1;drop table internships_placement",
        "period": "1.5",
        "organisation": "'",
        "sector": "0x10",
        "supervisor": "abc",
        "skills": ["x", "1 OR 1=1"],
    },
    "ids_unknown": {
        "county": "999999",
        "programme": "999999",
        "period": "999999",
        "organisation": "999999",
        "sector": "-1",
        "supervisor": "999999",
        "skills": "999999",
    },
    "ids_out_of_range": {
        "county": ENORMOUS,
        "programme": "-" + ENORMOUS,
        "period": ENORMOUS,
        "organisation": ENORMOUS,
    },
    # Digits that are not 0-9: "²".isdigit() is true, int("²") fails.
    "digits_not_ascii": {"organisation": "²", "page": "²", "county": "①", "year": "٣"},
    "choices_unknown": {
        "status": "zzz",
        "sort": "zzz",
        "work_mode": SCRIPT,
        "paid": "maybe",
        "open": "perhaps",
        "placed": "2",
        "has_cv": "yes please",
        "year": "99",
        "show": "zzz",
        "export": "pdf",
    },
    "dates_not_dates": {
        "date": "2024-02-30",
        "deadline": "yesterday",
        "from": "31/31/2031",
        "until": "9999-99-99",
    },
    "text_of_ten_thousand_characters": {
        "q": ("Știința datelor " * 700)[:10_000],
        "city": "Cluj" * 2_500,
    },
    "one_word_of_ten_thousand_characters": {"q": "a" * 10_000},
    "text_of_punctuation_only": {"q": PUNCTUATION},
    "text_with_control_characters": {"q": "a\x00b\x1f\x7f", "city": "\x00"},
    "text_with_search_syntax": {"q": "a & !b | c <-> d:* ' \" %_"},
    "text_with_markup": {"q": SCRIPT},
    "repeated_parameters": {
        "page": ["2", "abc", "-1"],
        "status": ["submitted", "zzz"],
        "sort": ["zzz", "newest"],
        "q": ["Django", "", PUNCTUATION],
        "county": ["abc", "1"],
        "period": ["1", "2"],
    },
}
NONSENSE["all_at_once"] = {
    key: value for params in list(NONSENSE.values()) for key, value in params.items()
}

# (role fixture or None for an anonymous visitor, URL name, the fixture its argument's pk
# comes from, extra query parameters)
LISTS = {
    "public_search": (None, "placement_search", None, {}),
    "public_search_htmx": (None, "placement_search", None, {"htmx": True}),
    "public_figures": (None, "public_figures", None, {}),
    "student_search": ("student", "placement_search", None, {}),
    "student_home": ("student", "student_home", None, {}),
    "student_applications": ("student", "student_applications", None, {}),
    "student_notifications": ("student", "notifications", None, {}),
    "company_home": ("company_admin", "company_home", None, {}),
    "company_placements": ("company_admin", "company_placements", None, {}),
    "company_pipeline": ("company_admin", "pipeline", "placement", {}),
    "company_internships": ("company_admin", "company_internships", None, {}),
    "company_people": ("company_admin", "company_invitations", None, {}),
    "host_tutor_home": ("host_tutor", "mentor_home", None, {}),
    "supervisor_home": ("supervisor", "mentor_home", None, {}),
    "logbook": ("host_tutor", "logbook", "internship", {}),
    "staff_dashboard": ("staff", "staff_home", None, {}),
    "staff_students": ("staff", "staff_students", None, {}),
    "staff_organisation_directory": ("staff", "staff_organisation_directory", None, {}),
    "staff_placements": ("staff", "staff_placements", None, {}),
    "staff_applications": ("staff", "staff_applications", None, {}),
    "staff_internships": ("staff", "staff_internships", None, {}),
    "staff_vetting": ("staff", "staff_organisations", None, {}),
    "staff_placement_reviews": ("staff", "staff_placement_reviews", None, {}),
    "staff_reports": ("staff", "staff_reports", None, {}),
    "staff_periods": ("staff", "staff_periods", None, {}),
    "staff_programmes": ("staff", "staff_programmes", None, {}),
    "staff_certificates": ("staff", "staff_certificates", None, {}),
    "staff_rubric": ("staff", "staff_rubric", None, {}),
    "staff_invitations": ("staff", "staff_invitations", None, {}),
    "staff_roster_preview": ("staff", "roster_confirm", "roster", {}),
    "staff_notifications": ("staff", "notifications", None, {}),
}
EXPORTS = ["staff_students", "staff_organisation_directory", "staff_placements"]
EXPORTS += ["staff_applications"]
for name in EXPORTS:
    for fmt in ("csv", "xlsx"):
        role, url_name, arg, extra = LISTS[name]
        LISTS[f"{name}_{fmt}"] = (role, url_name, arg, {**extra, "export": fmt})

FILE_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
COUNTED = [
    "accounts.User",
    "accounts.Organisation",
    "accounts.Invitation",
    "internships.Placement",
    "internships.Application",
    "internships.Internship",
    "notifications.Event",
    "notifications.Notification",
    "documents.Certificate",
    "mentors.LogbookEntry",
]


@pytest.fixture
def roster(staff, programme):
    text = (
        "first_name,last_name,email,student_number,programme,year\n"
        "Ana,Pop,ana.pop@stud.example.ro,S1,INFO,1\n"
        "Radu,Ilieș,not-an-address,S2,Nowhere,9\n"
    )
    upload = SimpleUploadedFile("roster.csv", text.encode(), content_type="text/csv")
    return rosters.preview_roster(by=staff, upload=upload)


@pytest.fixture
def world(internship, staff, company_admin, period, programme):
    """Some rows on every list: an internship and its people, a placement awaiting review,
    a closed one, an organisation awaiting verification."""
    OrganisationFactory(status=Organisation.Status.PENDING)
    PlacementFactory(
        organisation=internship.organisation,
        period=period,
        programmes=[programme],
        status="submitted",
        published_at=None,
    )
    PlacementFactory(status="closed", period=period, programmes=[programme])


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


@pytest.mark.parametrize("nonsense", NONSENSE.values(), ids=NONSENSE.keys())
@pytest.mark.parametrize("list_page", LISTS.values(), ids=LISTS.keys())
def test_nonsense_in_the_address_answers_a_normal_page(client, request, world, list_page, nonsense):
    role, url_name, arg, extra = list_page
    if role is not None:
        client.force_login(request.getfixturevalue(role))
    args = [request.getfixturevalue(arg).pk] if arg else []
    params = {**nonsense, **{k: v for k, v in extra.items() if k != "htmx"}}
    headers = {"HTTP_HX_REQUEST": "true"} if extra.get("htmx") else {}
    before = counts()

    response = client.get(reverse(url_name, args=args), params, **headers)

    assert response.status_code == 200
    assert counts() == before
    if response["Content-Type"].startswith(FILE_TYPES):
        assert "export" in extra
        return
    body = response.content.decode()
    assert SCRIPT not in body
    assert "Traceback" not in body
    if not extra.get("htmx"):
        assert "<main" in body


@pytest.mark.parametrize("page_number", ["-1", "0", "99999", ENORMOUS])
def test_a_page_out_of_range_is_the_last_page(client, staff, world, settings, page_number):
    settings.PAGE_SIZE = 1
    client.force_login(staff)

    response = client.get(reverse("staff_placements"), {"page": page_number})

    page = response.context["page"]
    assert page.number == page.paginator.num_pages == 3
    assert len(page.object_list) == 1


@pytest.mark.parametrize("page_number", ["abc", "1e9", "", "1.0"])
def test_a_page_that_is_no_page_number_is_the_first_page(
    client, staff, world, settings, page_number
):
    settings.PAGE_SIZE = 1
    client.force_login(staff)

    response = client.get(reverse("staff_placements"), {"page": page_number})

    assert response.context["page"].number == 1


def test_an_unknown_filter_value_is_shown_beside_its_field_and_the_others_still_apply(
    client, staff, world
):
    client.force_login(staff)

    response = client.get(reverse("staff_placements"), {"status": "zzz", "work_mode": "remote"})

    assert response.context["filter"].form.errors["status"]
    assert list(response.context["page"].object_list) == []


def test_an_export_with_a_filter_it_does_not_understand_is_the_page_with_a_message(
    client, staff, world
):
    client.force_login(staff)

    response = client.get(reverse("staff_placements"), {"export": "csv", "status": "zzz"})

    assert response["Content-Type"].startswith("text/html")
    assert "Correct the filters below before exporting." in response.content.decode()


def test_an_export_of_a_page_out_of_range_has_every_row(client, staff, world):
    client.force_login(staff)

    response = client.get(reverse("staff_placements"), {"export": "csv", "page": "-1"})

    rows = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1 + 3


def test_a_long_text_on_a_staff_list_searches_its_first_words(client, staff, world, internship):
    client.force_login(staff)
    text = f"{internship.placement.title} " * 1_000

    response = client.get(reverse("staff_placements"), {"q": text})

    assert [p.title for p in response.context["page"].object_list] == [internship.placement.title]
