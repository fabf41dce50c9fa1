"""The read side of mentoring: each page's querysets, scoped to the viewer."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.faculties import STUDENT_PROGRAMME, in_faculties
from accounts.models import MentorProfile, Organisation, Role, User
from accounts.rules import organisation_id_of
from core.search import matches
from internships.models import Internship, MentorAssignment, Period
from internships.queries import ENDED, internships_visible_to, mentored_by, public_placements

from .models import AcademicResult, Competency, Evaluation, FeedbackNote, LogbookEntry

E = LogbookEntry.Status
QUIET_DAYS = 14
FINAL_DUE_DAYS = 7


def mentor_profile_of(user: User) -> MentorProfile:
    return MentorProfile.objects.select_related("organisation", "user").get(user=user)


def with_progress(qs: QuerySet[Internship]) -> QuerySet[Internship]:
    """Each internship with its approved hours, entries awaiting approval and last entry.

    Correlated subqueries, not a join: a page's count ignores them, and the database works
    them out for the page's rows only.
    """
    entries = LogbookEntry.objects.filter(internship=OuterRef("pk")).order_by()

    def per_internship(queryset, aggregate):
        return Subquery(queryset.values("internship").annotate(value=aggregate).values("value"))

    return qs.annotate(
        approved_hours=Coalesce(
            per_internship(entries.filter(status=E.APPROVED), Sum("hours")), Value(Decimal("0"))
        ),
        awaiting_entries=Coalesce(
            per_internship(entries.filter(status=E.SUBMITTED), Count("pk")), Value(0)
        ),
        last_entry_on=per_internship(entries, Max("date")),
    )


def internship_list(qs):
    return qs.select_related(
        "student__student_profile__programme",
        "organisation",
        "period",
        "placement",
        "host_tutor",
        "academic_supervisor",
    )


def internship_detail(user, pk) -> Internship:

    return get_object_or_404(
        with_progress(internship_list(internships_visible_to(user))).select_related(
            "tutor_invitation",
            # Their phones, for the contact details the mentors see (mentors.contact_*).
            "host_tutor__mentor_profile",
            "academic_supervisor__mentor_profile",
        ),
        pk=pk,
    )


def interns_of_mentor(user) -> QuerySet[Internship]:
    """The mentor's interns, running ones first, with what needs the mentor now."""
    return (
        with_progress(
            internship_list(
                internships_visible_to(user).filter(
                    status__in=(Internship.Status.PLANNED, Internship.Status.ACTIVE)
                )
            ).select_related("host_tutor__mentor_profile")
        )
        .prefetch_related(
            Prefetch(
                "evaluations", queryset=Evaluation.objects.only("internship_id", "kind", "status")
            )
        )
        .order_by("ends_on", "pk")
    )


def past_interns_of(user, *, period=None, search: str = "") -> QuerySet[Internship]:
    """The mentor's ended internships (completed or terminated), the latest first: those
    they tutored or supervised, and those they did before being replaced. Each row knows
    the viewer's part (`was_host_tutor`, `was_supervisor`) and its academic result, which
    the result page shows everyone who sees the internship."""
    tutored = MentorAssignment.objects.filter(
        internship=OuterRef("pk"), mentor=user, kind=MentorAssignment.Kind.HOST_TUTOR
    )
    supervised = MentorAssignment.objects.filter(
        internship=OuterRef("pk"), mentor=user, kind=MentorAssignment.Kind.SUPERVISOR
    )
    qs = (
        Internship.objects.filter(mentored_by(user), status__in=ENDED)
        .select_related(
            "student__student_profile__programme", "organisation", "period", "placement", "result"
        )
        .annotate(
            was_host_tutor=ExpressionWrapper(
                Q(host_tutor=user) | Exists(tutored), output_field=BooleanField()
            ),
            was_supervisor=ExpressionWrapper(
                Q(academic_supervisor=user) | Exists(supervised), output_field=BooleanField()
            ),
        )
        .order_by("-ends_on", "-pk")
    )
    if period is not None:
        qs = qs.filter(period=period)
    if search:
        qs = qs.filter(matches(["student__first_name", "student__last_name"], search))
    return qs


def periods_of_past_interns(user) -> QuerySet:
    """The periods of the mentor's past interns, for the list's filter."""
    ended = Internship.objects.filter(mentored_by(user), status__in=ENDED)
    return Period.objects.filter(pk__in=ended.values("period_id")).order_by("-starts_on")


def needs_attention(internships, mentor=None) -> dict:
    """Split the mentor's interns by what they need now. Approving entries and the
    mid-term and final evaluations are the host tutor's, so a supervisor is not asked."""
    today = timezone.localdate()
    quiet_since = today - timedelta(days=QUIET_DAYS)
    # Due in the last week, but never before it opens (settings.FINAL_EVALUATION_WINDOW_DAYS).
    final_due_days = min(FINAL_DUE_DAYS, settings.FINAL_EVALUATION_WINDOW_DAYS)
    awaiting, evaluations_due, quiet = [], [], []
    for internship in internships:
        tutors_it = mentor is None or internship.host_tutor_id == mentor.pk
        if internship.awaiting_entries and tutors_it:
            awaiting.append(internship)
        submitted = {e.kind for e in internship.evaluations.all() if e.status == "submitted"}
        midpoint = internship.starts_on + (internship.ends_on - internship.starts_on) / 2
        due = []
        if internship.status == "active" and today >= midpoint and "midterm" not in submitted:
            due.append(Evaluation.Kind.MIDTERM)
        if (
            internship.status == "active"
            and today >= internship.ends_on - timedelta(days=final_due_days)
            and "final" not in submitted
        ):
            due.append(Evaluation.Kind.FINAL)
        if due and tutors_it:
            internship.evaluations_due = due
            evaluations_due.append(internship)
        if (
            internship.status == "active"
            and internship.starts_on <= quiet_since
            and (internship.last_entry_on is None or internship.last_entry_on < quiet_since)
        ):
            quiet.append(internship)
    return {"awaiting": awaiting, "evaluations_due": evaluations_due, "quiet": quiet}


def logbook_of(internship) -> QuerySet[LogbookEntry]:
    return internship.logbook.select_related("reviewed_by").prefetch_related("skills")


def feedback_for(user, internship) -> QuerySet[FeedbackNote]:
    """Top-level notes with their replies, for those who may read the mentoring record.
    A staff-only note is read by its author, the academic supervisor and staff."""
    if not user.has_perm("mentors.read_feedback", internship):
        return FeedbackNote.objects.none()
    notes = (
        internship.feedback.filter(reply_to=None)
        .select_related("author")
        .prefetch_related(
            Prefetch("replies", queryset=FeedbackNote.objects.select_related("author"))
        )
    )
    if not user.has_perm("mentors.read_staff_only_feedback", internship):
        notes = notes.filter(Q(visibility=FeedbackNote.Visibility.STUDENT) | Q(author=user))
    return notes


def evaluation_in_scope(user, pk, kind: str):
    """The internship the viewer sees and its evaluation of `kind` (None if not written),
    when the viewer may read that kind; else 404, so the host tutor does not learn whether
    the intern has rated the host."""
    if kind not in Evaluation.Kind.values:
        raise Http404
    internship = internship_detail(user, pk)
    readable = "mentors.read_host_rating" if kind == "host_rating" else "mentors.read_evaluations"
    if not user.has_perm(readable, internship):
        raise Http404
    return internship, evaluations_of(internship).get(kind)


def evaluations_of(internship) -> dict:
    evaluations = internship.evaluations.select_related("author").prefetch_related(
        "scores__competency"
    )
    return {e.kind: e for e in evaluations}


def competencies() -> QuerySet[Competency]:
    return Competency.objects.filter(is_active=True)


def result_of(internship) -> AcademicResult | None:
    return (
        AcademicResult.objects.filter(internship=internship).select_related("recorded_by").first()
    )


def internships_of_organisation(user) -> QuerySet[Internship]:
    return with_progress(internship_list(internships_visible_to(user))).order_by("-starts_on", "pk")


def host_tutors_of(organisation_id) -> QuerySet[User]:
    return User.objects.filter(
        mentor_profile__kind="host_tutor",
        mentor_profile__organisation_id=organisation_id,
        is_active=True,
    ).order_by("last_name", "first_name")


def current_internship_of(user) -> Internship | None:
    """The running internship (active before planned), else the latest one."""
    running_first = Case(
        When(status=Internship.Status.ACTIVE, then=Value(0)),
        When(status=Internship.Status.PLANNED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        internships_visible_to(user).order_by(running_first, "-starts_on", "-pk").only("pk").first()
    )


def agreement_of(internship):
    from internships.models import Agreement

    return (
        Agreement.objects.filter(internship=internship)
        .select_related(
            "organisation_confirmed_by",
            "university_confirmed_by",
            "overridden_by",
            "paper_recorded_by",
        )
        .first()
    )


# An organisation's public page ------------------------------------------------------------

# Fewer submitted ratings than this and the average is not shown: it would name too few people.
MIN_HOST_RATINGS = 3


def public_organisation(user, pk):
    """A verified organisation for anyone; a pending or suspended one only for staff and its
    own members (404 for everybody else, as if it did not exist)."""
    organisation = get_object_or_404(Organisation.objects.select_related("sector", "county"), pk=pk)
    if organisation.status == Organisation.Status.VERIFIED:
        return organisation
    if user.is_authenticated and (
        user.is_university_staff or organisation_id_of(user) == organisation.pk
    ):
        return organisation
    raise Http404


def open_placements_of(organisation) -> QuerySet:
    """Its placements that the public search lists and that still take applications."""
    return (
        public_placements()
        .filter(organisation=organisation, deadline__gte=timezone.localdate())
        .select_related("county", "period")
        .defer("search_vector")
        .order_by("deadline", "title")
    )


def host_rating_of(organisation) -> dict | None:
    """Past interns' average rating of the host (the mean of its two 1–5 ratings), in one
    query; None below MIN_HOST_RATINGS submitted ratings."""
    rated = Evaluation.objects.filter(
        internship__organisation=organisation,
        kind=Evaluation.Kind.HOST_RATING,
        status=Evaluation.Status.SUBMITTED,
        task_relevance__isnull=False,
        mentoring_quality__isnull=False,
    )
    result = rated.aggregate(
        count=Count("pk"),
        average=Avg(
            (F("task_relevance") + F("mentoring_quality")) / Value(2.0),
            output_field=FloatField(),
        ),
    )
    if result["count"] < MIN_HOST_RATINGS or result["average"] is None:
        return None
    return {"count": result["count"], "average": round(result["average"], 1)}


def logbook_entries_for_list(viewer) -> QuerySet[LogbookEntry]:
    """Every logbook entry of the internships `viewer` may see (staff: their faculties'; a
    mentor: their interns'), one row each, with what the list and its file show; none for
    a student or a host organisation's account (the list is not theirs)."""
    entries = LogbookEntry.objects.all()
    if viewer.role == Role.MENTOR:
        entries = entries.filter(internship__in=internships_visible_to(viewer).values("pk"))
    elif viewer.role == Role.STAFF:
        entries = in_faculties(entries, viewer, path=f"internship__{STUDENT_PROGRAMME}")
    else:
        return LogbookEntry.objects.none()
    return entries.select_related(
        "internship__student__student_profile__programme",
        "internship__organisation",
        "internship__period",
        "internship__host_tutor",
        "internship__academic_supervisor",
        "reviewed_by",
    )


def internships_for_export(qs: QuerySet[Internship]) -> QuerySet[Internship]:
    """What every column of an internships export reads (mentors.exports), in a fixed
    number of queries: one for the rows (`qs` brings their approved hours, from
    `with_progress`), one each for the evaluations and the certificates of a chunk of rows."""
    return qs.select_related(
        "student__student_profile__programme",
        "organisation__county",
        "period",
        "host_tutor__mentor_profile",
        "academic_supervisor__mentor_profile",
        "agreement",
        "result",
    ).prefetch_related(
        Prefetch("evaluations", queryset=Evaluation.objects.only("internship", "kind", "status")),
        "certificates",
    )
