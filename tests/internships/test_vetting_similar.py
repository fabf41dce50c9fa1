"""Vetting catches impersonators: an organisation resembling another one is shown with the
reasons and a link to the organisation it resembles."""

import pytest
from django.urls import reverse

from internships import vetting_checks as checks
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

LIST_URL = reverse("staff_organisations")


def detail_url(organisation):
    return reverse("staff_organisation", args=[organisation.pk])


def with_admin(organisation, email):
    MembershipFactory(organisation=organisation, user=UserFactory(role="company", email=email))
    return organisation


@pytest.fixture
def genuine(db):
    organisation = OrganisationFactory(
        legal_name="Codează Someș SRL", website="https://www.codeaza.ro", city="Cluj-Napoca"
    )
    return with_admin(organisation, "ana@codeaza.ro")


@pytest.fixture
def impersonators(genuine):
    """The issue's four: the verified one's website, another CUI and city, other names."""
    rows = [
        ("Codeaza Somes S.R.L.", "http://codeaza.ro/contact", "Iași", "codeaza.somes@gmail.com"),
        ("Someș Codează SA", "https://WWW.CODEAZA.RO", "Timișoara", "office@yahoo.com"),
        ("S.C. Codează Someș Digital S.R.L.", "https://codeaza.ro/", "Brașov", "hr@codeaza.ro"),
        ("Codeazaa Somes PFA", "https://codeaza.ro:443/despre?x=1", "Constanța", "x@outlook.com"),
    ]
    return [
        with_admin(
            OrganisationFactory(legal_name=name, website=site, city=city, status="pending"), email
        )
        for name, site, city, email in rows
    ]


def test_the_four_impersonators_each_link_the_verified_organisation(
    client, staff, genuine, impersonators
):
    client.force_login(staff)

    response = client.get(LIST_URL)

    page = response.content.decode()
    queue = page.partition('class="vetting-list"')[2]  # not the column chooser's labels
    assert "No similar organisation" not in queue
    for impersonator in response.context["page"]:
        matched = {m.organisation.pk: m.reasons for m in impersonator.matches}
        assert genuine.pk in matched, impersonator.legal_name
        assert "same website domain (codeaza.ro)" in matched[genuine.pk]
        assert any(r.startswith("similar name (") for r in matched[genuine.pk])
    assert page.count(f'href="{detail_url(genuine)}"') == 4
    assert "same website domain (codeaza.ro)" in page


def test_the_reasons_name_the_e_mail_domain_and_the_similarity(genuine, impersonators):
    digital = impersonators[2]
    (organisation,) = checks_for(digital)

    match = next(m for m in organisation.matches if m.organisation.pk == genuine.pk)
    assert match.reasons == [
        "same website domain (codeaza.ro)",
        "its admin's e-mail is on the other's website domain (codeaza.ro)",
        "similar name (90%)",
    ]


def test_the_verified_organisation_lists_the_impersonators_on_its_page(
    client, staff, genuine, impersonators
):
    client.force_login(staff)

    response = client.get(detail_url(genuine))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Resembles 4 other organisations:" in content
    for impersonator in impersonators:
        assert detail_url(impersonator) in content


def test_a_different_organisation_shows_no_similar_organisation(client, staff, genuine):
    other = with_admin(
        OrganisationFactory(
            legal_name="Nordic Soft SRL", website="https://www.nordicsoft.ro", status="pending"
        ),
        "ana@gmail.com",
    )
    with_admin(OrganisationFactory(legal_name="Blue River SA"), "mihai@gmail.com")
    client.force_login(staff)

    page = client.get(detail_url(other)).content.decode()

    assert "✓</span> No similar organisation" in page


def test_a_shared_corporate_e_mail_domain_is_a_reason(genuine):
    other = with_admin(
        OrganisationFactory(legal_name="Alt Nume SRL", website="", status="pending"),
        "boss@codeaza.ro",
    )

    (organisation,) = checks_for(other)

    (match,) = organisation.matches
    assert match.organisation.pk == genuine.pk
    assert match.reasons == ["its admin's e-mail is on the other's website domain (codeaza.ro)"]


def checks_for(organisation):
    from internships import queries

    return queries.with_vetting_checks(
        queries.organisations_for_vetting().filter(pk=organisation.pk)
    )


# The detail page ----------------------------------------------------------------------


def test_the_detail_page_is_for_staff_only(client, request, organisation):
    for role in ("student", "company_admin", "host_tutor"):
        client.force_login(request.getfixturevalue(role))
        assert client.get(detail_url(organisation)).status_code == 403


def test_an_unknown_organisation_is_not_found(client, staff):
    client.force_login(staff)

    assert client.get(reverse("staff_organisation", args=[999])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, genuine):
    response = client.get(detail_url(genuine))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("others", [3, 40])
def test_the_pages_need_the_same_queries_however_many_organisations(
    client, staff, genuine, django_assert_max_num_queries, others
):
    for i in range(others):
        with_admin(
            OrganisationFactory(
                legal_name=f"Codează Someș {i} SRL", website="https://codeaza.ro", status="pending"
            ),
            f"admin{i}@codeaza.ro",
        )
    client.force_login(staff)

    with django_assert_max_num_queries(7):
        listed = client.get(LIST_URL)
    with django_assert_max_num_queries(7):
        detail = client.get(detail_url(genuine))

    assert listed.status_code == detail.status_code == 200
    assert len(detail.context["organisation"].matches) == others


# The comparisons ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "domain"),
    [
        ("https://www.Codeaza.ro/contact?x=1", "codeaza.ro"),
        ("http://codeaza.ro:8080", "codeaza.ro"),
        ("HTTPS://shop.codeaza.ro/", "codeaza.ro"),
        ("https://firma.com.ro", "firma.com.ro"),
        ("https://firma.wordpress.com/about", "firma.wordpress.com"),
        ("ana@mail.codeaza.ro", "codeaza.ro"),
        ("", ""),
        ("localhost", ""),
    ],
)
def test_registrable_domain(given, domain):
    assert checks.registrable_domain(given) == domain


@pytest.mark.parametrize(
    ("email", "domain"),
    [("ana@gmail.com", ""), ("ana@Yahoo.ro", ""), ("ana@codeaza.ro", "codeaza.ro"), ("", "")],
)
def test_free_mail_says_nothing(email, domain):
    assert checks.email_domain(email) == domain


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Codează Someș SRL", "CODEAZA SOMES S.R.L.", True),
        ("Codează Someș SRL", "Someş Codează SA", True),  # cedilla ş, another order
        ("Codează Someș SRL", "Fundația Codeaza Somes", True),
        ("Codează Someș SRL", "Codeazaa Somes PFA", True),
        ("Țara Mea SRL", "Tara Mea II", True),
        ("Codează Someș SRL", "Nordic Soft SRL", False),
        ("Software Cluj SRL", "Hardware Iasi SRL", False),
    ],
)
def test_names_are_compared_folded_without_legal_form_in_any_order(a, b, similar):
    score = checks.name_similarity(checks.name_words(a), checks.name_words(b))

    assert (score >= checks.NAME_SIMILARITY) is similar


@pytest.mark.parametrize(
    "phone", ["+40 722 123 456", "0040722123456", "0722.123.456", "(0722) 123-456"]
)
def test_phones_are_compared_as_national_numbers(phone):
    assert checks.phone_key(phone) == "0722123456"


def test_phone_and_address_are_reasons():
    mine = checks.Profile(
        pk=1,
        legal_name="Alpha SRL",
        registration_number="1",
        city="Cluj",
        status="pending",
        phone="+40 722 123 456",
        address="Str. Memorandumului nr. 28,  Cluj-Napoca",
    )
    other = checks.Profile(
        pk=2,
        legal_name="Omega SA",
        registration_number="2",
        city="Iași",
        status="verified",
        phone="0722-123-456",
        address="str memorandumului nr 28 cluj napoca",
    )

    assert checks._reasons(mine, other) == ["same phone number", "same address"]


def test_an_organisation_with_the_phone_and_address_of_another_is_linked_to_it(client, staff):
    genuine = OrganisationFactory(
        legal_name="Alfa Soft SRL", phone="0264 123 456", address="Str. Memorandumului nr. 28"
    )
    copy = OrganisationFactory(
        legal_name="Omega Consulting SA",
        phone="+40 264-123-456",
        address="str memorandumului nr 28",
        status="pending",
    )
    client.force_login(staff)

    response = client.get(detail_url(copy))

    page = response.content.decode()
    assert f'href="{detail_url(genuine)}"' in page
    assert "same phone number" in page and "same address" in page


def test_a_neighbour_at_another_number_is_not_the_same_address():
    mine = checks.Profile(
        pk=1, legal_name="Alpha SRL", registration_number="1", city="Cluj", status="pending",
        address="Str. Horea nr. 12",
    )  # fmt: skip
    other = checks.Profile(
        pk=2, legal_name="Omega SA", registration_number="2", city="Cluj", status="verified",
        address="Str. Horea nr. 13",
    )  # fmt: skip

    assert "same address" not in checks._reasons(mine, other)


def test_a_domain_many_organisations_share_is_no_sign(db):
    organisations = [
        with_admin(
            OrganisationFactory(legal_name=f"Firma {word} SRL", website=f"https://{word}.host.ro"),
            f"admin{i}@host.ro",
        )
        for i, word in enumerate(
            ["alfa", "beta", "gama", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
             "lambda", "mu"]
        )
    ]  # fmt: skip

    found = checks.similar_organisations(organisations[:1])

    reasons = [r for match in found[organisations[0].pk] for r in match.reasons]
    assert not [r for r in reasons if "host.ro" in r]


def test_the_list_shows_ten_matches_and_links_the_rest(client, staff, genuine):
    for i in range(12):
        OrganisationFactory(legal_name=f"Codează Someș {i} SRL", website="https://codeaza.ro")
    pending = OrganisationFactory(
        legal_name="Codează Someș Nou SRL", website="https://codeaza.ro", status="pending"
    )
    client.force_login(staff)

    page = client.get(LIST_URL).content.decode()

    assert page.count('<li><a href="/staff/organisations/') <= 10 + 1
    assert f'href="{detail_url(pending)}">See all' in page


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Motor Transilvania SRL", "Transilvania Croitorie SA"),
        ("Lactate Napoca SRL", "Energie Napoca SRL"),
        ("Cetate Construct SA", "Cetate Farma SRL"),
    ],
)
def test_one_shared_word_of_two_is_not_a_similar_name(a, b):
    score = checks.name_similarity(checks.name_words(a), checks.name_words(b))

    assert score < checks.NAME_SIMILARITY
