import secrets
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import (
    County,
    Faculty,
    Invitation,
    MentorProfile,
    Organisation,
    OrganisationMembership,
    Programme,
    Role,
    Sector,
    Skill,
    StudentProfile,
    User,
)
from accounts.validators import CUI_WEIGHTS

PASSWORD = "correct-horse-battery-staple"


def valid_cui(n: int) -> str:
    body = str(1_000_000 + n).rjust(9, "0")
    total = sum(int(d) * w for d, w in zip(body, CUI_WEIGHTS, strict=True))
    check = (total * 10) % 11
    return body.lstrip("0") + str(0 if check == 10 else check)


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty
        django_get_or_create = ["code"]

    code = "FMI"
    name = "Faculty of Mathematics and Computer Science"
    name_ro = "Facultatea de Matematică și Informatică"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Programme {n}")
    code = factory.Sequence(lambda n: f"P{n}")
    faculty = "Faculty of Mathematics and Computer Science"
    faculty_unit = factory.SubFactory(FacultyFactory)


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
    website = factory.Sequence(lambda n: f"https://www.organisation{n}.ro")
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
    """Staff of all faculties; `StaffFactory(faculties=[faculty])` makes staff of those only."""

    role = Role.STAFF
    first_name = "Elena"
    last_name = "Mărginean"

    @factory.post_generation
    def faculties(self, create, extracted, **kwargs):
        if extracted is not None:
            self.all_faculties = False
            self.save(update_fields=["all_faculties"])
            self.faculties.set(extracted)


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


# Internships ---------------------------------------------------------------------------


def pdf_bytes(text: str = "Curriculum vitae") -> bytes:
    """A small, valid one-page PDF saying `text` (the same bytes every time)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 760, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()


def pdf_upload(name="cv.pdf", content=PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


class StudentCVFactory(factory.django.DjangoModelFactory):
    """One of a student's CVs (a small valid PDF)."""

    class Meta:
        model = "accounts.StudentCV"

    profile = factory.SubFactory(StudentFactory)
    label = factory.Sequence(lambda n: f"CV {n}")
    file = factory.django.FileField(filename="cv.pdf", data=PDF_BYTES)


def give_cv(user, *, label="CV", content=PDF_BYTES):
    """Store a CV for the student `user` (newest of theirs), as if they had uploaded it."""
    from django.core.files.base import ContentFile

    from accounts.models import StudentCV

    cv = StudentCV(profile=user.student_profile, label=label, uploaded_at=timezone.now())
    cv.file.save("cv.pdf", ContentFile(content), save=False)
    cv.save()
    return cv


def newest_cv(user) -> str:
    """The form value choosing the student's newest CV on the apply page."""
    from accounts.models import StudentCV

    return str(StudentCV.objects.filter(profile__user=user).values_list("pk", flat=True)[0])


class PeriodFactory(factory.django.DjangoModelFactory):
    """A period whose applications are open today and whose internship starts next month."""

    class Meta:
        model = "internships.Period"

    name = factory.Sequence(lambda n: f"Period {n}")
    applications_open_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    applications_close_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=40))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=100))
    required_hours = 120
    credits = 5


class PlacementFactory(factory.django.DjangoModelFactory):
    """A published placement of a verified organisation, open to `programmes`."""

    class Meta:
        model = "internships.Placement"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    period = factory.SubFactory(PeriodFactory)
    title = factory.Sequence(lambda n: f"Backend intern {n}")
    description = "Build REST services for hospital software in a friendly team."
    responsibilities = "Write code and tests."
    learning_outcomes = "Django, PostgreSQL, code review."
    county = factory.SubFactory(CountyFactory)
    city = "Cluj-Napoca"
    work_mode = "hybrid"
    starts_on = factory.LazyAttribute(lambda o: o.period.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.period.ends_on)
    hours_per_week = 20
    positions = 2
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.LazyAttribute(
        lambda o: UserFactory(role=Role.COMPANY, email=f"author-{secrets.token_hex(4)}@example.org")
    )

    @factory.post_generation
    def programmes(obj, create, extracted, **kwargs):
        if create:
            obj.programmes.set(extracted if extracted is not None else [ProgrammeFactory()])

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.skills.set(extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application; the student's programme is one the placement accepts."""

    class Meta:
        model = "internships.Application"

    placement = factory.SubFactory(PlacementFactory)
    student = factory.LazyAttribute(
        lambda o: StudentFactory(programme=o.placement.programmes.first()).user
    )
    cover_letter = "Îmi doresc acest stagiu pentru că lucrez deja cu Django."
    cv = factory.django.FileField(filename="cv.pdf", data=PDF_BYTES)
    status = "submitted"


# Mentoring -----------------------------------------------------------------------------


class InternshipFactory(factory.django.DjangoModelFactory):
    """An active internship (from an accepted application) that started 30 days ago."""

    class Meta:
        model = "internships.Internship"
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory, status="accepted")
    student = factory.LazyAttribute(lambda o: o.application.student)
    placement = factory.LazyAttribute(lambda o: o.application.placement)
    organisation = factory.LazyAttribute(lambda o: o.application.placement.organisation)
    period = factory.LazyAttribute(lambda o: o.application.placement.period)
    title = factory.LazyAttribute(lambda o: o.placement.title if o.placement else "Intern")
    city = factory.LazyAttribute(lambda o: o.placement.city if o.placement else "Cluj-Napoca")
    hours_per_week = factory.LazyAttribute(
        lambda o: o.placement.hours_per_week if o.placement else 20
    )
    county = factory.LazyAttribute(lambda o: o.placement.county if o.placement else None)
    work_mode = factory.LazyAttribute(lambda o: o.placement.work_mode if o.placement else "on_site")
    activities = factory.LazyAttribute(
        lambda o: o.placement.responsibilities if o.placement else ""
    )
    competences = factory.LazyAttribute(
        lambda o: o.placement.learning_outcomes if o.placement else ""
    )
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    required_hours = 120
    status = "active"

    @factory.post_generation
    def agreement(obj, create, extracted, **kwargs):
        """Confirmed by all three parties unless `agreement=False`: the logbook is open."""
        if create and extracted is not False:
            from internships.models import Agreement

            now = timezone.now()
            Agreement.objects.create(
                internship=obj,
                student_confirmed_at=now,
                organisation_confirmed_at=now,
                university_confirmed_at=now,
            )


class LogbookEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentors.LogbookEntry"

    internship = factory.SubFactory(InternshipFactory)
    date = factory.Sequence(lambda n: timezone.localdate() - timedelta(days=1 + n % 28))
    hours = 6
    activities = "Am scris teste pentru serviciul de facturare."
    status = "draft"


class RejectionTemplateFactory(factory.django.DjangoModelFactory):
    """A saved message an organisation sends with the applicants it declines."""

    class Meta:
        model = "internships.RejectionTemplate"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Not this time {n}")
    body = "Mulțumim pentru interes; am ales alți candidați de data aceasta."
    created_by = factory.LazyAttribute(
        lambda o: MembershipFactory(organisation=o.organisation).user
    )


# Allocation rounds (alloc-rank) ------------------------------------------------------------


class RoundFactory(factory.django.DjangoModelFactory):
    """An open allocation round in its students' phase (it began yesterday, students rank
    for three more days, hosts for three after), open to `programmes`."""

    class Meta:
        model = "allocation.Round"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Round {n}")
    period = factory.SubFactory(PeriodFactory)
    max_choices = 10
    students_from = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    students_until = factory.LazyAttribute(lambda o: o.students_from + timedelta(days=4))
    hosts_until = factory.LazyAttribute(lambda o: o.students_until + timedelta(days=3))
    offer_deadline = factory.LazyAttribute(lambda o: o.hosts_until + timedelta(days=7))
    status = "open"
    created_by = factory.SubFactory(StaffFactory)

    @factory.post_generation
    def programmes(obj, create, extracted, **kwargs):
        if create:
            obj.programmes.set(extracted if extracted is not None else [ProgrammeFactory()])


class EntryFactory(factory.django.DjangoModelFactory):
    """A student in a round, with a copy of a CV."""

    class Meta:
        model = "allocation.Entry"

    round = factory.SubFactory(RoundFactory)
    student = factory.LazyAttribute(
        lambda o: StudentFactory(programme=o.round.programmes.first()).user
    )
    cv = factory.django.FileField(filename="cv.pdf", data=PDF_BYTES)
    cv_label = "CV"


class ChoiceFactory(factory.django.DjangoModelFactory):
    """A placement a student ranked (rank 1 unless told)."""

    class Meta:
        model = "allocation.Choice"

    round = factory.SubFactory(RoundFactory)
    student = factory.LazyAttribute(lambda o: EntryFactory(round=o.round).student)
    placement = factory.LazyAttribute(
        lambda o: PlacementFactory(period=o.round.period, programmes=list(o.round.programmes.all()))
    )
    rank = 1


class HostListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "allocation.HostList"

    round = factory.SubFactory(RoundFactory)
    placement = factory.LazyAttribute(
        lambda o: PlacementFactory(period=o.round.period, programmes=list(o.round.programmes.all()))
    )
    order = "ranked"


class HostRankFactory(factory.django.DjangoModelFactory):
    """A host's rank of a student on a placement (pass rank=None, unacceptable=True for a
    student it does not accept)."""

    class Meta:
        model = "allocation.HostRank"

    round = factory.SubFactory(RoundFactory)
    placement = factory.LazyAttribute(
        lambda o: PlacementFactory(period=o.round.period, programmes=list(o.round.programmes.all()))
    )
    student = factory.LazyAttribute(lambda o: EntryFactory(round=o.round).student)
    rank = 1
    unacceptable = False


# Allocation rounds (alloc-staff) ---------------------------------------------------------
# Each takes `round=` (RoundFactory is alloc-rank's, above once merged).


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "allocation.Quota"

    round = factory.SubFactory("tests.factories.RoundFactory")
    placement = factory.SubFactory(PlacementFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    seats = 1


class PinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "allocation.Pin"

    round = factory.SubFactory("tests.factories.RoundFactory")
    student = factory.LazyFunction(lambda: StudentFactory().user)
    placement = factory.SubFactory(PlacementFactory)
    created_by = factory.SubFactory(StaffFactory)


class RunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "allocation.Run"

    round = factory.SubFactory("tests.factories.RoundFactory")
    status = "done"
    seed = factory.Sequence(lambda n: 1000 + n)
    started_by = factory.SubFactory(StaffFactory)


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "allocation.Match"

    run = factory.SubFactory(RunFactory)
    student = factory.LazyFunction(lambda: StudentFactory().user)
    placement = None
    choice_rank = None
