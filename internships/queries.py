"""The read side of internships: what each page shows, scoped to the viewer."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from accounts.faculties import in_faculties
from accounts.models import MentorProfile, Organisation, Programme, Role, User
from accounts.validators import cui_is_valid, normalise_cui
from core.search import matches
from notifications.models import Event

from . import search, vetting_checks
from .models import (
    Amendment,
    Application,
    ApplicationNote,
    Confirmation,
    Internship,
    MentorAssignment,
    Period,
    Placement,
    Proposal,
    RejectionTemplate,
    Report,
    ScreeningAnswer,
    ScreeningQuestion,
)

SEARCH_SQL = search.MATCH_SQL


# Placements ---------------------------------------------------------------------------


def _placement_list(qs: QuerySet) -> QuerySet[Placement]:
    return qs.select_related("organisation", "county", "period").prefetch_related(
        "programmes", "skills"
    )


def public_placements() -> QuerySet[Placement]:
    """What anyone may see: published placements of verified organisations."""
    return Placement.objects.published().filter(organisation__status=Organisation.Status.VERIFIED)


def placements_for_search() -> QuerySet[Placement]:
    return _placement_list(public_placements()).defer("search_vector")


def recent_placements(count: int = 6) -> list[Placement]:
    """The newest public placements still open for applications, for the landing page's
    cards: one query (the cards show no skills or programmes)."""
    return list(
        public_placements()
        .open_for_applications()
        .select_related("organisation", "county", "period")
        .defer("search_vector")
        .order_by("-published_at", "-pk")[:count]
    )


# What a word of the public search may be a part of, case and diacritics aside.
SEARCHED_FIELDS = [
    "title",
    "description",
    "responsibilities",
    "learning_outcomes",
    "organisation__legal_name",
    "city",
]
# On PostgreSQL the full text finds the long texts; these are searched as parts of words.
SEARCHED_PARTS = ["title", "organisation__legal_name", "city"]
MAX_WORDS = 10


def _has_skill(word: str) -> Exists:
    """The placement asks for a skill whose name, English or Romanian, holds `word` (one
    row per placement)."""
    return Exists(
        Placement.skills.through.objects.filter(
            Q(skill__name__fcontains=word) | Q(skill__name_ro__fcontains=word),
            placement_id=OuterRef("pk"),
        )
    )


def search_text(qs: QuerySet[Placement], text: str) -> QuerySet[Placement]:
    """Every word (of the first ten) in the placement's text, organisation, city or skills,
    case and diacritics aside: "stiinta" finds "Știința", "cluj" finds "Cluj-Napoca",
    "python" the placements asking for the Python skill. On PostgreSQL a word is also found
    by the stored full-text vector (either stemmer: "programare" finds "programatori"), and
    the best matches of the whole text come first. Text without a letter or digit finds
    nothing."""
    text = search.normalise_query(text)
    if not text:
        return qs
    if not search.has_words(text):
        return qs.none()
    words = text.split(" ")[:MAX_WORDS]
    if connection.vendor == "postgresql":
        condition = Q()
        for word in words:
            in_vector = RawSQL(SEARCH_SQL, search.tsquery_params(word), output_field=BooleanField())  # noqa: S611
            condition &= Q(in_vector) | matches(SEARCHED_PARTS, word) | Q(_has_skill(word))
        params = search.tsquery_params(text)
        return (
            qs.filter(condition)
            .defer("search_vector")
            .annotate(search_rank=RawSQL(search.RANK_SQL, params, output_field=FloatField()))  # noqa: S611
            .order_by("-search_rank", "-published_at", "-pk")
        )
    condition = Q()
    for word in words:
        condition &= matches(SEARCHED_FIELDS, word) | Q(_has_skill(word))
    return qs.filter(condition)


def placements_visible_to(user) -> QuerySet[Placement]:
    """A placement's page: public ones for all, every state for its organisation and staff."""
    if user.is_authenticated and user.role == Role.STAFF:
        return Placement.objects.all()
    if user.is_authenticated and user.role == Role.STUDENT:
        # A student keeps seeing what they applied to, even once it is closed.
        applied = Application.objects.filter(student=user).values("placement_id")
        return Placement.objects.filter(Q(pk__in=public_placements()) | Q(pk__in=applied))
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    if membership and user.role == Role.COMPANY:
        return Placement.objects.filter(
            Q(organisation_id=membership.organisation_id) | Q(pk__in=public_placements())
        )
    return public_placements()


def placement_detail(user, pk) -> Placement:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        _placement_list(placements_visible_to(user)).select_related("host_tutor"), pk=pk
    )


def placements_of_organisation(organisation) -> QuerySet[Placement]:
    open_statuses = Application.OPEN_STATUSES
    return (
        Placement.objects.filter(organisation=organisation)
        .select_related("period")
        .annotate(
            applicants=Count("applications"),
            open_applicants=Count("applications", filter=Q(applications__status__in=open_statuses)),
            accepted=Count("applications", filter=Q(applications__status="accepted")),
        )
        .order_by(
            Case(*[When(status=s, then=Value(i)) for i, s in enumerate(Placement.Status.values)]),
            "-created_at",
        )
    )


def placement_counts_of(organisation) -> dict:
    """How many placements the organisation has in each state, in one query (each placement
    counted once, however many applications the join brings along)."""
    return Placement.objects.filter(organisation=organisation).aggregate(
        **{
            status: Count("pk", filter=Q(status=status), distinct=True)
            for status in Placement.Status.values
        },
        open_applications=Count(
            "applications", filter=Q(applications__status__in=Application.OPEN_STATUSES)
        ),
    )


def placements_awaiting_review() -> QuerySet[Placement]:
    return _placement_list(Placement.objects.filter(status=Placement.Status.SUBMITTED)).order_by(
        "updated_at"
    )


# Applications -------------------------------------------------------------------------


def pipeline(placement) -> QuerySet[Application]:
    return (
        Application.objects.filter(placement=placement)
        .select_related("student__student_profile__programme", "placement__period")
        .prefetch_related("student__student_profile__skills")
        .order_by("-created_at", "-pk")
    )


def pipeline_of_organisation(organisation) -> QuerySet[Application]:
    """Every applicant to every placement of the organisation (its export of them all)."""
    return (
        Application.objects.filter(placement__organisation=organisation)
        .select_related("student__student_profile__programme", "placement__period")
        .prefetch_related("student__student_profile__skills")
        .order_by("-created_at", "-pk")
    )


def rejection_templates_of(organisation) -> QuerySet[RejectionTemplate]:
    """The organisation's saved rejection messages in use, by name."""
    return RejectionTemplate.objects.filter(organisation=organisation, is_archived=False)


def status_counts(placement) -> dict:
    counts = dict(
        Application.objects.filter(placement=placement)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Application.Status.values}


def applications_of_student(user) -> QuerySet[Application]:
    return Application.objects.filter(student=user).select_related(
        "placement__organisation", "placement__period"
    )


def applications_of_organisation(user) -> QuerySet[Application]:
    membership = getattr(user, "membership", None)
    if user.role != Role.COMPANY or membership is None:
        return Application.objects.none()
    return Application.objects.filter(
        placement__organisation_id=membership.organisation_id
    ).select_related(
        "placement__organisation", "placement__period", "student__student_profile__programme"
    )


def applications_with_cv_visible_to(user) -> QuerySet[Application]:
    """The applicant, the placement's organisation and staff of the student's faculty;
    nobody else."""
    if user.role == Role.STAFF:
        qs = in_faculties(Application.objects.all(), user)
    elif user.role == Role.STUDENT:
        qs = Application.objects.filter(student=user)
    else:
        qs = applications_of_organisation(user)
    return qs.select_related("student")


def questions_of(placement) -> QuerySet[ScreeningQuestion]:
    """The placement's screening questions, in the host's order."""
    return ScreeningQuestion.objects.filter(placement=placement).order_by("position", "pk")


def answers_of(application) -> QuerySet[ScreeningAnswer]:
    """What the student answered to the placement's screening questions, in their order."""
    return ScreeningAnswer.objects.filter(application=application).order_by("position", "pk")


def notes_of(application) -> QuerySet[ApplicationNote]:
    return application.notes.select_related("author")


def timeline(obj) -> QuerySet[Event]:
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")


# Staff --------------------------------------------------------------------------------


def organisations_for_vetting(status: str | None = None) -> QuerySet[Organisation]:
    """Organisations, oldest first, ready for `with_vetting_checks` on the page shown."""
    qs = Organisation.objects.select_related("sector", "county").prefetch_related(
        Prefetch("memberships", queryset=_admins(), to_attr="admin_memberships")
    )
    return (qs.filter(status=status) if status else qs).order_by("created_at", "pk")


def with_vetting_checks(organisations) -> list[Organisation]:
    """The checks staff read before verifying: the CUI's check digit, the admin's e-mail
    domain against the website, and the other organisations it resembles, with the reasons
    (see `vetting_checks`). A fixed number of queries whatever the page."""
    organisations = list(organisations)
    similar = vetting_checks.similar_organisations(organisations)
    for organisation in organisations:
        admin_emails = [m.user.email for m in organisation.admin_memberships]
        site = vetting_checks.registrable_domain(organisation.website)
        organisation.check_cui = cui_is_valid(organisation.registration_number)
        organisation.check_domain = bool(site) and any(
            vetting_checks.registrable_domain(e) == site for e in admin_emails
        )
        organisation.matches = similar.get(organisation.pk, [])
        organisation.check_unique = not organisation.matches
        organisation.admin_emails = admin_emails
    return organisations


def seats_taken() -> QuerySet[Application]:
    """The applications that hold a seat of their placement: the accepted ones, the rule
    `services.offers.accept_offer` fills a placement by. Filter it by placement (or by an
    OuterRef to one) to count a placement's filled positions."""
    return Application.objects.filter(status=Application.Status.ACCEPTED)


def vetting_queue(viewer) -> QuerySet[Organisation]:
    """The organisations staff vet, oldest first, with the count of their open reports and
    when their status last changed (the latest status transition, not a note); none for
    anyone else. Ready for `with_vetting_checks`."""
    if viewer.role != Role.STAFF:
        return Organisation.objects.none()
    last_change = (
        Event.objects.filter(
            content_type=ContentType.objects.get_for_model(Organisation), object_id=OuterRef("pk")
        )
        .exclude(to_status="")  # a status transition, not a note or a report on it
        .order_by("-created_at", "-pk")
    )
    open_reports = (
        Report.objects.filter(organisation=OuterRef("pk"), status=Report.Status.OPEN)
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return organisations_for_vetting().annotate(
        status_changed_at=Subquery(last_change.values("created_at")[:1]),
        open_reports=Coalesce(Subquery(open_reports), 0),
    )


def _admins():
    from accounts.models import OrganisationMembership

    return OrganisationMembership.objects.filter(role="admin").select_related("user")


def open_reports() -> QuerySet[Report]:
    return Report.objects.filter(status=Report.Status.OPEN).select_related(
        "organisation", "placement", "reporter"
    )


def periods() -> QuerySet[Period]:
    return Period.objects.annotate(placement_count=Count("placements")).order_by(
        "-starts_on", "name"
    )


def programmes() -> QuerySet[Programme]:
    return Programme.objects.order_by("name")


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("sector", "county")


# Notifications ------------------------------------------------------------------------


def internships_of_student(user) -> QuerySet[Internship]:
    """All the student's internships, the running ones first (active, then planned)."""
    running_first = Case(
        When(status=Internship.Status.ACTIVE, then=Value(0)),
        When(status=Internship.Status.PLANNED, then=Value(1)),
        default=Value(2),
    )
    return (
        Internship.objects.filter(student=user)
        .select_related("organisation", "period")
        .order_by(running_first, "-starts_on", "-pk")
    )


# Internships --------------------------------------------------------------------------


ENDED = (Internship.Status.COMPLETED, Internship.Status.TERMINATED)


def mentored_by(user) -> Q:
    """The internships `user` mentors now, and the ended ones they mentored before being
    replaced (their assignment history says so): a former mentor reads the record, never a
    running internship that is now someone else's."""
    was_assigned = MentorAssignment.objects.filter(internship=OuterRef("pk"), mentor=user)
    return (
        Q(host_tutor=user)
        | Q(academic_supervisor=user)
        | (Q(status__in=ENDED) & Exists(was_assigned))
    )


def internships_visible_to(user) -> QuerySet[Internship]:
    """The intern, the two mentors (and former ones, once it has ended), the organisation's
    members and staff of the intern's faculty; nobody else."""
    qs = Internship.objects.all()
    if user.role == Role.STAFF:
        return in_faculties(qs, user)
    if user.role == Role.STUDENT:
        return qs.filter(student=user)
    if user.role == Role.MENTOR:
        return qs.filter(mentored_by(user))
    membership = getattr(user, "membership", None)
    if user.role == Role.COMPANY and membership:
        return qs.filter(organisation_id=membership.organisation_id)
    return qs.none()


def other_open_applications(application) -> QuerySet[Application]:
    """The student's other open applications of the same period: accepting an offer
    withdraws them."""
    return (
        Application.objects.filter(
            student_id=application.student_id,
            placement__period_id=application.placement.period_id,
            status__in=Application.OPEN_STATUSES,
        )
        .exclude(pk=application.pk)
        .select_related("placement__organisation")
        .order_by("-created_at", "-pk")
    )


def open_applications_on(placement) -> QuerySet[Application]:
    """The applications still open on a placement: closing it ends them."""
    return Application.objects.filter(placement=placement, status__in=Application.OPEN_STATUSES)


# The agreement --------------------------------------------------------------------------


def agreement_versions(agreement) -> list:
    """The agreement's versions, oldest first, each with its confirmations (and who)."""
    from .models import AgreementVersion, Confirmation

    if agreement is None:
        return []
    return list(
        AgreementVersion.objects.filter(agreement=agreement)
        .only("pk", "agreement_id", "number", "language", "sha256", "signed_pdf", "created_at")
        .prefetch_related(
            Prefetch("confirmations", queryset=Confirmation.objects.select_related("by"))
        )
        .order_by("number")
    )


def agreement_texts(language: str):
    """Every version of the agreement's articles in one language, newest first."""
    from .models import AgreementText

    return AgreementText.objects.filter(language=language).select_related("created_by")


# Amendments ---------------------------------------------------------------------------


def _with_confirmations(qs: QuerySet[Amendment]) -> QuerySet[Amendment]:
    return qs.select_related("proposed_by").prefetch_related(
        Prefetch("confirmations", queryset=Confirmation.objects.select_related("by"))
    )


def amendments_of(internship) -> QuerySet[Amendment]:
    """The amendments of the internship's agreement, first to last, with who confirmed."""
    return _with_confirmations(Amendment.objects.filter(agreement__internship=internship))


def amendments_visible_to(user) -> QuerySet[Amendment]:
    """Amendments of the internships the viewer may see (else 404)."""
    return _with_confirmations(
        Amendment.objects.filter(
            agreement__internship__in=internships_visible_to(user)
        ).select_related(
            "agreement__internship__student",
            "agreement__internship__organisation",
            "agreement__internship__period",
            "agreement__internship__host_tutor",
            "agreement__internship__academic_supervisor",
        )
    )


def host_tutors_of_organisation(organisation_id) -> QuerySet[User]:
    """The active host tutors of an organisation, by name: whom an amendment may name."""
    return User.objects.filter(
        mentor_profile__kind="host_tutor",
        mentor_profile__organisation_id=organisation_id,
        is_active=True,
    ).order_by("last_name", "first_name", "pk")


# Proposals: placements students found ---------------------------------------------------


def _proposal_list(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return qs.select_related(
        "period",
        "organisation",
        "student__student_profile__programme",
        "academic_supervisor",
    )


def proposals_of_student(user) -> QuerySet[Proposal]:
    """The student's own proposals, newest first."""
    return _proposal_list(Proposal.objects.filter(student=user)).order_by("-created_at", "-pk")


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """The student their own; staff those of their faculties' students; an academic
    supervisor those they review (the student chose them, in a period that leaves approval
    to the supervisor)."""
    qs = _proposal_list(Proposal.objects.all()).select_related(
        "org_county", "org_sector", "county", "reviewed_by", "internship"
    )
    if user.role == Role.STAFF:
        return in_faculties(qs, user)
    if user.role == Role.STUDENT:
        return qs.filter(student=user)
    if user.role == Role.MENTOR:
        return qs.filter(
            academic_supervisor=user,
            period__proposals_reviewed_by=Period.ProposalReviewer.SUPERVISOR,
        )
    return qs.none()


def proposals_to_review(user) -> QuerySet[Proposal]:
    """The reviewer's queue: proposals awaiting approval, the oldest first. Staff see every
    one (a supervisor may be slow); a supervisor their own."""
    if user.role not in (Role.STAFF, Role.MENTOR):
        return Proposal.objects.none()
    return (
        _proposal_list(proposals_visible_to(user))
        .filter(status=Proposal.Status.SUBMITTED)
        .order_by("created_at", "pk")
    )


def hosts_matching(text: str, *, limit: int = 10) -> list[Organisation]:
    """Organisations a student may choose as host, found by their CUI or a part of their
    name (diacritics aside); suspended ones are left out."""
    text = (text or "").strip()
    if not text:
        return []
    hosts = Organisation.objects.exclude(status=Organisation.Status.SUSPENDED).order_by(
        "legal_name", "pk"
    )
    code = normalise_cui(text)
    if code.isascii() and code.isdigit():
        return list(hosts.filter(registration_number__startswith=code)[:limit])
    # "Codeaza" finds "Codează" (practica_fold: ș and ş alike, on every database).
    return list(hosts.filter(legal_name__fcontains=text)[:limit])


def academic_supervisors() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, mentor_profile__kind=MentorProfile.Kind.SUPERVISOR
    ).order_by("last_name", "first_name", "pk")
