"""The read side of the staff workspace's lists (students, organisations, placements,
applications, internships) and of the rubric.

Counts are correlated subqueries, not joins with GROUP BY: the paginator's count ignores
them, and the database works them out for the rows of the page (or of the export) only.
"""

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat

from accounts.faculties import in_faculties
from accounts.models import (
    Faculty,
    Organisation,
    OrganisationMembership,
    Programme,
    Role,
    StudentCV,
    StudentProfile,
    User,
)
from core.search import matches, words
from internships.models import Application, Internship, Period, Placement
from internships.queries import seats_taken
from mentors.models import Competency
from mentors.queries import internship_list, internships_for_export, with_progress

from .models import SavedReport


def _count(related: QuerySet, link: str):
    """How many rows of `related` point (by `link`) to the outer row; 0 when none."""
    counted = related.order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def cvs_kept():
    """How many CVs the outer student (a User row) keeps, for an annotation."""
    return _count(StudentCV.objects.filter(profile__user=OuterRef("pk")), "profile")


def words_in(text: str, fields: list[str]) -> Q:
    """Each word of `text` found in one of `fields`, case and diacritics aside ("Stetco"
    finds "Ștețco"); a trigram index on each folded column serves it on PostgreSQL."""
    return matches(fields, text)


def _students_matching(word: str) -> QuerySet:
    """The ids of the accounts with `word` in their name or e-mail, or in their student
    number: each table searched on its own indexes, the two lists of ids joined."""
    by_account = User.objects.filter(words_in(word, ["first_name", "last_name", "email"]))
    by_number = StudentProfile.objects.filter(student_number__fcontains=word)
    return by_account.order_by().values("pk").union(by_number.order_by().values("user_id"))


def search_students(qs: QuerySet[User], text: str) -> QuerySet[User]:
    """Each word of `text` in the student's first or last name, e-mail or student number."""
    condition = Q()
    for word in words(text):
        condition &= Q(pk__in=_students_matching(word))
    return qs.filter(condition)


def search_applications(qs: QuerySet[Application], text: str) -> QuerySet[Application]:
    """Each word of `text` in the student's name, e-mail or student number, or in the
    placement's title or organisation's name. Each word is matched on the few thousand
    students and placements first, then the applications are found by their keys (an
    index each), never by reading every application with its joins."""
    condition = Q()
    for word in words(text):
        placements = Placement.objects.filter(words_in(word, ["title", "organisation__legal_name"]))
        by_student = Application.objects.filter(student__in=_students_matching(word))
        by_placement = Application.objects.filter(placement__in=placements.values("pk"))
        ids = by_student.order_by().values("pk").union(by_placement.order_by().values("pk"))
        condition &= Q(pk__in=ids)
    return qs.filter(condition)


def search_internships(qs: QuerySet[Internship], text: str) -> QuerySet[Internship]:
    """Each word of `text` in the student's first or last name, e-mail or student number
    (diacritics aside), the students found first, then their internships by key."""
    condition = Q()
    for word in words(text):
        condition &= Q(student__in=_students_matching(word))
    return qs.filter(condition)


# Students -----------------------------------------------------------------------------


def students(viewer) -> QuerySet[User]:
    """Student accounts of the viewer's faculties with their profile and programme, and
    whether they keep a CV, by name."""
    return (
        in_faculties(User.objects.filter(role=Role.STUDENT), viewer, "student_profile__programme")
        .select_related("student_profile__programme")
        .annotate(has_cv=Exists(StudentCV.objects.filter(profile__user=OuterRef("pk"))))
        .order_by("last_name", "first_name", "pk")
    )


def with_placement(qs: QuerySet[User], *, period: Period | None) -> QuerySet[User]:
    """Each student's applications and whether they hold an internship (one not ended
    early), in `period` when one is chosen, else in any period."""
    applications = Application.objects.filter(student=OuterRef("pk"))
    internships = Internship.objects.filter(student=OuterRef("pk")).exclude(
        status=Internship.Status.TERMINATED
    )
    if period is not None:
        applications = applications.filter(placement__period=period)
        internships = internships.filter(period=period)
    return qs.annotate(
        application_count=_count(applications, "student"), is_placed=Exists(internships)
    )


def with_current_internship(qs: QuerySet[User], *, period: Period | None) -> QuerySet[User]:
    """Each student's internship: with no `period` chosen the current one (active before
    planned; a completed one or one ended early is not current), in `period` when one is
    chosen its internship there (running, then planned, then the latest; one ended early
    does not count): its position
    (`placed_title`), host (`placed_organisation`) and host tutor (`placed_tutor`,
    `placed_tutor_email`). Correlated subqueries: the export's one query still."""
    running_first = Case(
        When(status=Internship.Status.ACTIVE, then=Value(0)),
        When(status=Internship.Status.PLANNED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    internships = (
        Internship.objects.filter(student=OuterRef("pk"))
        .exclude(status=Internship.Status.TERMINATED)
        .order_by(running_first, "-starts_on", "-pk")
    )
    if period is not None:
        internships = internships.filter(period=period)
    else:  # current: a completed internship is a past one
        internships = internships.filter(
            status__in=(Internship.Status.PLANNED, Internship.Status.ACTIVE)
        )
    tutor = Concat("host_tutor__first_name", Value(" "), "host_tutor__last_name")
    return qs.annotate(
        placed_title=Subquery(internships.values("title")[:1]),
        placed_organisation=Subquery(internships.values("organisation__legal_name")[:1]),
        placed_tutor=Subquery(internships.annotate(tutor=tutor).values("tutor")[:1]),
        placed_tutor_email=Subquery(internships.values("host_tutor__email")[:1]),
    )


# Organisations ------------------------------------------------------------------------


def organisation_directory() -> QuerySet[Organisation]:
    """Organisations with sector, county, their administrators' e-mails (prefetched as
    `admin_memberships`) and how many placements and interns they have had."""
    admins = (
        OrganisationMembership.objects.filter(role=OrganisationMembership.Role.ADMIN)
        .select_related("user")
        .order_by("user__email")
    )
    return (
        Organisation.objects.select_related("sector", "county")
        .prefetch_related(Prefetch("memberships", queryset=admins, to_attr="admin_memberships"))
        .annotate(
            placement_count=_count(
                Placement.objects.filter(organisation=OuterRef("pk")), "organisation"
            ),
            intern_count=_count(
                Internship.objects.filter(organisation=OuterRef("pk")), "organisation"
            ),
        )
        .order_by("legal_name", "pk")
    )


def organisation_names(text: str, limit: int = 15) -> list[str]:
    """Names of organisations containing `text`, those starting with it first: what the
    organisation filter of the staff lists suggests as one types."""
    text = text.strip()
    if not text:
        return []
    starts = Case(When(legal_name__fstartswith=text, then=Value(0)), default=Value(1))
    return list(
        Organisation.objects.filter(legal_name__fcontains=text)
        .order_by(starts, "legal_name")
        .values_list("legal_name", flat=True)[:limit]
    )


def search_organisations(qs: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    """Every word in the legal name, CUI, city or website, or the text in an
    administrator's e-mail address."""
    admin = OrganisationMembership.objects.filter(
        organisation=OuterRef("pk"),
        role=OrganisationMembership.Role.ADMIN,
        user__email__fcontains=text.strip(),
    )
    by_words = words_in(text, ["legal_name", "registration_number", "city", "website"])
    return qs.filter(by_words | Exists(admin))


# Placements ---------------------------------------------------------------------------


def placements() -> QuerySet[Placement]:
    """Every placement, whatever its state, with its applicants and accepted counts."""
    applications = Application.objects.filter(placement=OuterRef("pk"))
    return (
        Placement.objects.select_related("organisation", "period", "county")
        .defer("description", "responsibilities", "learning_outcomes", "review_comment")
        .annotate(
            applicant_count=_count(applications, "placement"),
            accepted_count=_count(
                applications.filter(status=Application.Status.ACCEPTED), "placement"
            ),
        )
        .order_by("-created_at", "-pk")
    )


def placements_for_export(qs: QuerySet[Placement]) -> QuerySet[Placement]:
    """The placements with what their export adds: the intended host tutor, the eligible
    programmes (one more query per chunk of rows) and how many positions are filled, counted
    as accepting an offer counts them (`internships.queries.seats_taken`)."""
    seats = seats_taken().filter(placement=OuterRef("pk"))
    return (
        qs.select_related("host_tutor")
        .prefetch_related(Prefetch("programmes", queryset=Programme.objects.order_by("name")))
        .annotate(filled_count=_count(seats, "placement"))
    )


# Applications -------------------------------------------------------------------------


def applications(viewer) -> QuerySet[Application]:
    """Every application of a student of the viewer's faculties with its student (profile,
    programme), placement, organisation and period, newest first."""
    return (
        in_faculties(Application.objects.all(), viewer)
        .select_related(
            "student__student_profile__programme",
            "placement__organisation",
            "placement__period",
        )
        .defer(
            "cover_letter",
            "message_to_student",
            "placement__description",
            "placement__responsibilities",
            "placement__learning_outcomes",
            "placement__review_comment",
            "placement__organisation__description",
            "student__student_profile__bio",
        )
        .order_by("-created_at", "-pk")
    )


def latest_period() -> Period | None:
    """The period a page about one period shows when none is asked for: the latest."""
    return Period.objects.order_by("-starts_on", "-pk").first()


def all_competencies() -> QuerySet[Competency]:
    return Competency.objects.all()


def internships_for_staff(viewer) -> QuerySet[Internship]:
    """The internships of the students of the viewer's faculties, with their progress."""
    internships = in_faculties(Internship.objects.all(), viewer)
    return with_progress(internship_list(internships)).order_by("-starts_on", "pk")


def internships_export(qs: QuerySet[Internship]) -> QuerySet[Internship]:
    """The filtered list's internships with everything their export reads."""
    return internships_for_export(qs)


def without_active_host_tutor(qs: QuerySet[Internship]) -> QuerySet[Internship]:
    """Planned or active internships whose host tutor is not assigned or is deactivated:
    no one approves their logbook until staff or the organisation assign a tutor."""
    return qs.filter(
        Q(host_tutor=None) | Q(host_tutor__is_active=False),
        status__in=(Internship.Status.PLANNED, Internship.Status.ACTIVE),
    )


def supervisors() -> QuerySet[User]:
    return User.objects.filter(mentor_profile__kind="supervisor", is_active=True).order_by(
        "last_name", "first_name"
    )


def reference_list(model) -> QuerySet:
    """The skills or the sectors, for the office's setup page (English name order, then id,
    so that pages of the list never overlap)."""
    return model.objects.order_by("name", "pk")


def saved_reports_of(user) -> QuerySet:
    """The reports `user` saved: another person's report is not found (404)."""
    return SavedReport.objects.filter(owner=user).order_by("name", "pk")


def faculties() -> QuerySet[Faculty]:
    """The faculties with how many programmes each has, by name."""
    return Faculty.objects.annotate(
        programme_count=_count(
            Programme.objects.filter(faculty_unit=OuterRef("pk")), "faculty_unit"
        )
    ).order_by("name", "pk")


def staff_with_faculties() -> QuerySet[User]:
    """The staff accounts with the faculties they work for (prefetched), by name."""
    return (
        User.objects.filter(role=Role.STAFF)
        .prefetch_related(Prefetch("faculties", queryset=Faculty.objects.order_by("name")))
        .order_by("last_name", "first_name", "pk")
    )
