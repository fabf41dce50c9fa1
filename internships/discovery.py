"""The read side of a student looking for placements: what they are eligible for, what is
recommended to them and why, and what they saved."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import County, Programme, Skill, StudentProfile

from . import queries
from .models import Application, Internship, Period, Placement, SavedPlacement, SavedSearch

# Eligibility ----------------------------------------------------------------------------


def eligible_for(student, *, opened: bool = True) -> Q:
    """Placements `student` may apply to as far as the placement goes: open to their
    programme, in a period whose applications have opened and where they hold no
    internship, deadline not past. (What else `refusal_to_apply` checks is about them.)
    With `opened=False`, also those whose period's applications open later (a saved
    search's alert tells of a placement when it is published, not when applying opens)."""
    today = timezone.localdate()
    eligible = Q(open_to_programme_of(student), ~in_a_period_held_by(student), deadline__gte=today)
    if opened:
        eligible &= Q(period__applications_open_on__lte=today)
    return eligible


def open_to_programme_of(student) -> Exists:
    programme = StudentProfile.objects.filter(user=student).values("programme_id")[:1]
    return Exists(
        Placement.programmes.through.objects.filter(
            placement_id=OuterRef("pk"), programme_id=Subquery(programme)
        )
    )


def in_a_period_held_by(student) -> Exists:
    """The placement's period is one where `student` holds an internship (not ended early)."""
    return Exists(
        Internship.objects.filter(student=student, period_id=OuterRef("period_id")).exclude(
            status=Internship.Status.TERMINATED
        )
    )


# Recommendations ------------------------------------------------------------------------


@dataclass
class Recommendation:
    placement: Placement
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return " · ".join(self.reasons)


def _count_of_skills(skill_ids) -> Coalesce:
    through = Placement.skills.through.objects.filter(
        placement_id=OuterRef("pk"), skill_id__in=skill_ids
    )
    counted = through.order_by().values("placement_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def recommended_for(student, *, profile=None, limit: int | None = None) -> list[Recommendation]:
    """Open placements `student` has not applied to, in periods where they hold no
    internship, best first: those open to their
    programme, then by skills in common with their profile, then by likeness to what they
    applied to (the same skills, sector or organisation). Each says why, briefly. Three
    queries, whatever the numbers of placements, skills and applications (two more without
    `profile`, their StudentProfile with its skills prefetched)."""
    limit = limit or settings.RECOMMENDATIONS_SHOWN
    if profile is None:
        profile = StudentProfile.objects.prefetch_related("skills").filter(user=student).first()
    own_skills = {skill.pk for skill in profile.skills.all()} if profile else set()
    applied = list(
        Application.objects.filter(student=student).values_list(
            "placement_id",
            "placement__organisation_id",
            "placement__organisation__sector_id",
            "placement__skills",
        )
    )
    applied_ids = {row[0] for row in applied}
    applied_orgs = {row[1] for row in applied}
    applied_sectors = {row[2] for row in applied}
    applied_skills = {row[3] for row in applied if row[3] is not None}
    candidates = (
        queries.public_placements()
        .filter(deadline__gte=timezone.localdate())
        .exclude(pk__in=applied_ids)
        .exclude(in_a_period_held_by(student))
        .select_related("organisation", "period")
        .prefetch_related("skills")
        .defer("search_vector")
        .annotate(
            is_eligible=_flag(eligible_for(student)),
            for_programme=_flag(Q(open_to_programme_of(student))),
            own_skill_count=_count_of_skills(own_skills),
            applied_skill_count=_count_of_skills(applied_skills),
            same_sector=_flag(Q(organisation__sector_id__in=applied_sectors)),
            same_organisation=_flag(Q(organisation_id__in=applied_orgs)),
        )
        .annotate(
            likeness=F("own_skill_count") * 3
            + F("applied_skill_count")
            + F("same_sector")
            + F("same_organisation") * 2
        )
        .filter(Q(is_eligible=1) | Q(likeness__gt=0))
        .order_by("-is_eligible", "-likeness", "deadline", "-pk")[:limit]
    )
    recommendations = []
    for placement in candidates:
        recommendation = Recommendation(placement)
        common = [skill for skill in placement.skills.all() if skill.pk in own_skills]
        if common:
            recommendation.reasons.append(
                _("Matches your skills: %(skills)s")
                % {"skills": ", ".join(str(skill) for skill in common)}
            )
        if placement.same_organisation:
            recommendation.reasons.append(
                _("At %(organisation)s, where you applied before")
                % {"organisation": placement.organisation.legal_name}
            )
        elif placement.applied_skill_count or placement.same_sector:
            recommendation.reasons.append(_("Like the placements you applied to"))
        if placement.is_eligible and not recommendation.reasons:
            recommendation.reasons.append(_("Open to students of your programme"))
        elif not placement.for_programme:
            recommendation.reasons.append(_("Not open to your programme"))
        elif not placement.is_eligible:
            recommendation.reasons.append(
                _("Applications open on %(date)s")
                % {"date": formats.date_format(placement.period.applications_open_on)}
            )
        recommendations.append(recommendation)
    return recommendations


# Saved placements and searches ----------------------------------------------------------


def saved_placements_of(student) -> QuerySet[SavedPlacement]:
    """What the student saved, newest first, with what the cards show; a placement no
    longer public stays listed (they saved it), shown as closed."""
    return (
        SavedPlacement.objects.filter(student=student)
        .select_related("placement__organisation", "placement__county", "placement__period")
        .prefetch_related("placement__skills")
    )


def saved_ids_of(student, placements) -> set[int]:
    """Which of `placements` (or their ids) `student` saved: one query."""
    if not getattr(student, "is_authenticated", False) or not student.is_student:
        return set()
    ids = [getattr(placement, "pk", placement) for placement in placements]
    return set(
        SavedPlacement.objects.filter(student=student, placement_id__in=ids).values_list(
            "placement_id", flat=True
        )
    )


def saved_searches_of(student) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(student=student)


def save_search_context(search) -> dict:
    """What the "save this search" form beside a student's results needs: the filters
    shown, as a query string (no page), and the choices of alerts."""
    if search.student is None:
        return {}
    data = search.data.copy()
    data.pop("page", None)
    return {"search_query": data.urlencode(), "alert_choices": SavedSearch.Alerts.choices}


def with_summaries(searches, *, filters) -> list[SavedSearch]:
    """The saved searches, each with `summary`: its filters in words ("python · Skills:
    Python, SQL · County: Cluj"), the names of skills, counties, programmes and periods
    read in one query each for all of them. `filters`: the search's, by name (the
    FilterSet's base_filters)."""
    searches = list(searches)
    models = {"skills": Skill, "county": County, "programme": Programme, "period": Period}
    wanted = {name: set() for name in models}
    for saved_search in searches:
        for name in models:
            wanted[name] |= {v for v in saved_search.params.get(name, []) if str(v).isdigit()}
    names = {
        name: {str(obj.pk): str(obj) for obj in model.objects.filter(pk__in=wanted[name])}
        for name, model in models.items()
        if wanted[name]
    }
    # In the search form's order, whatever order the database keeps the keys in (PostgreSQL's
    # jsonb sorts them), "Show" (eligible or all) last.
    order = [name for name in filters if name not in ("eligible", "sort")] + ["eligible"]
    for saved_search in searches:
        parts = []
        for name in order:
            values = saved_search.params.get(name)
            if not values or name not in filters:
                continue
            if name == "q":
                parts.append(f"“{' '.join(values)}”")
                continue
            if name in models:
                words = [names.get(name, {}).get(str(v), "?") for v in values]
            elif name == "city":
                words = values
            else:
                choices = dict(filters[name].extra.get("choices", []))
                words = [str(choices.get(v, v)) for v in values]
            parts.append(f"{filters[name].label}: {', '.join(words)}")
        saved_search.summary = " · ".join(parts) or _("All placements")
    return searches
