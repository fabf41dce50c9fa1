import secrets
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import (
    County,
    Invitation,
    MentorProfile,
    Organisation,
    OrganisationMembership,
    Role,
    Sector,
    Skill,
    StudentProfile,
    User,
)
from accounts.validators import CUI_WEIGHTS
from internships.models import Programme

PASSWORD = "correct-horse-battery-staple"


def valid_cui(n: int) -> str:
    body = str(1_000_000 + n).rjust(9, "0")
    total = sum(int(d) * w for d, w in zip(body, CUI_WEIGHTS, strict=True))
    check = (total * 10) % 11
    return body.lstrip("0") + str(0 if check == 10 else check)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Programme {n}")
    code = factory.Sequence(lambda n: f"P{n}")
    faculty = "Faculty of Mathematics and Computer Science"


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["name"]

    name = "Creative industries and ICT"
    name_ro = "Industrii creative și TIC"


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["code"]

    code = "CJ"
    name = "Cluj"


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Skill {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Ioana"
    last_name = "Bălan"
    role = Role.STUDENT
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class StudentFactory(factory.django.DjangoModelFactory):
    """A student account with its profile."""

    class Meta:
        model = StudentProfile

    user = factory.SubFactory(UserFactory, role=Role.STUDENT)
    programme = factory.SubFactory(ProgrammeFactory)
    year_of_study = 2
    student_number = factory.Sequence(lambda n: f"S{100000 + n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Organisation {n} SRL")
    registration_number = factory.Sequence(valid_cui)
    sector = factory.SubFactory(SectorFactory)
    county = factory.SubFactory(CountyFactory)
    city = "Cluj-Napoca"
    website = "https://www.example.ro"
    status = Organisation.Status.VERIFIED


class MembershipFactory(factory.django.DjangoModelFactory):
    """A company account, member of an organisation (its admin unless told otherwise)."""

    class Meta:
        model = OrganisationMembership

    user = factory.SubFactory(UserFactory, role=Role.COMPANY, first_name="Andrei", last_name="Pop")
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisationMembership.Role.ADMIN


class MentorFactory(factory.django.DjangoModelFactory):
    """A host tutor by default; pass kind=SUPERVISOR, organisation=None for a supervisor."""

    class Meta:
        model = MentorProfile

    user = factory.SubFactory(
        UserFactory, role=Role.MENTOR, first_name="Ștefan", last_name="Mureșan"
    )
    kind = MentorProfile.Kind.HOST_TUTOR
    organisation = factory.SubFactory(OrganisationFactory)


class StaffFactory(UserFactory):
    role = Role.STAFF
    first_name = "Elena"
    last_name = "Mărginean"


class InvitationFactory(factory.django.DjangoModelFactory):
    """Pass `token` to know the link; it is stored only as its hash."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    kind = Invitation.Kind.STAFF
    invited_by = factory.SubFactory(StaffFactory)
    token_hash = factory.LazyAttribute(lambda o: Invitation.hash_token(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
