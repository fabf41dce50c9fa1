"""Evaluations: midterm, final, self-evaluation and the rating of the host, with their scores;
staff reopen a submitted one."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from internships.models import Internship
from internships.services.assignments import lock_internship
from notifications.services import notify, record_event

from ..models import Competency, Evaluation, Score
from .lifecycle import _people, approved_hours, why_final_evaluation_closed

I = Internship.Status  # noqa: E741 (the internship's status, as in the other services)

AUTHORS = {
    Evaluation.Kind.MIDTERM: "mentors.evaluate_intern",
    Evaluation.Kind.FINAL: "mentors.evaluate_intern",
    Evaluation.Kind.SELF: "mentors.evaluate_own_internship",
    Evaluation.Kind.HOST_RATING: "mentors.evaluate_own_internship",
}


@transaction.atomic
def save_evaluation(
    *,
    internship,
    kind: str,
    by,
    scores: dict | None = None,
    comment: str = "",
    task_relevance=None,
    mentoring_quality=None,
    would_recommend=None,
    submit: bool = False,
) -> Evaluation:
    """Fill (and optionally submit) an evaluation. Rubric kinds score every active
    competency 1-5; the host rating scores tasks and mentoring 1-5. Submitted = locked."""
    if kind not in AUTHORS:
        raise ServiceError(_("Unknown evaluation."))
    ensure(by, AUTHORS[kind], internship)
    internship = lock_internship(internship)
    if internship.status not in (I.ACTIVE, I.COMPLETED):
        raise ServiceError(_("Evaluations are filled while the internship runs."))
    if kind == Evaluation.Kind.FINAL and internship.status == I.ACTIVE:
        closed = why_final_evaluation_closed(internship, hours=approved_hours(internship))
        if closed:
            raise ServiceError(closed)
    evaluation, _created = Evaluation.objects.select_for_update().get_or_create(
        internship=internship, kind=kind, defaults={"author": by}
    )
    if evaluation.is_locked:
        raise ServiceError(_("This evaluation is submitted and locked. Staff can reopen it."))
    if kind in Evaluation.RUBRIC_KINDS:
        _save_scores(evaluation, scores or {}, complete=submit)
    else:
        for label, value in (
            ("task_relevance", task_relevance),
            ("mentoring_quality", mentoring_quality),
        ):
            if value is not None and not 1 <= int(value) <= 5:
                raise ServiceError(_("Each score is from 1 to 5."))
            setattr(evaluation, label, value)
        if submit and (
            task_relevance is None or mentoring_quality is None or would_recommend is None
        ):
            raise ServiceError(_("Answer every question before submitting."))
        evaluation.would_recommend = would_recommend
    evaluation.comment = comment.strip()
    evaluation.author = by
    if submit:
        evaluation.status = Evaluation.Status.SUBMITTED
        evaluation.submitted_at = timezone.now()
    evaluation.save()
    if not submit:
        # On the draft itself: the timeline shows submitted evaluations only.
        record_event(evaluation, by=by, action="evaluation_draft_saved", new=evaluation.status)
    if submit:
        record_event(internship, by=by, action="evaluation_submitted", new=kind)
        readers = _people(internship)
        if kind == Evaluation.Kind.HOST_RATING:  # the rated host tutor is not told
            readers = [u for u in readers if u.pk != internship.host_tutor_id]
        notify(
            readers,
            "evaluation_submitted",
            by=by,
            url=internship.get_absolute_url(),
            student=internship.student.display_name,
            kind=kind,
        )
    return evaluation


def _save_scores(evaluation, scores: dict, *, complete: bool):
    competencies = {c.pk: c for c in Competency.objects.filter(is_active=True)}
    for competency_id, (score, _comment) in scores.items():
        if int(competency_id) not in competencies:
            raise ServiceError(_("This competency is not in the rubric."))
        if score in (None, ""):
            continue
        if not 1 <= int(score) <= 5:
            raise ServiceError(_("Each score is from 1 to 5."))
    if complete:
        missing = [
            c for pk, c in competencies.items() if scores.get(pk, (None, ""))[0] in (None, "")
        ]
        if missing:
            raise ServiceError(
                _("Score every competency before submitting (missing: %(names)s).")
                % {"names": ", ".join(map(str, missing))}
            )
    for competency_id, (score, comment) in scores.items():
        if score in (None, ""):
            Score.objects.filter(evaluation=evaluation, competency_id=competency_id).delete()
            continue
        Score.objects.update_or_create(
            evaluation=evaluation,
            competency_id=competency_id,
            defaults={"score": int(score), "comment": (comment or "").strip()},
        )


@transaction.atomic
def reopen_evaluation(*, evaluation, by, reason: str) -> Evaluation:
    """Staff unlock a submitted evaluation, saying why; its author can then change it."""
    ensure(by, "mentors.reopen_evaluation", evaluation.internship)
    if not reason.strip():
        raise ServiceError(_("Give the reason for reopening the evaluation."))
    internship = lock_internship(evaluation.internship)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_locked:
        raise ServiceError(_("This evaluation is not submitted."))
    if evaluation.kind == Evaluation.Kind.FINAL and internship.status == I.COMPLETED:
        raise ServiceError(
            _("The internship was completed on this final evaluation: it stays as it is.")
        )
    evaluation.status = Evaluation.Status.DRAFT
    evaluation.submitted_at = None
    evaluation.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(
        evaluation.internship, by=by, action="evaluation_reopened", new=evaluation.kind, note=reason
    )
    notify(
        [evaluation.author],
        "evaluation_reopened",
        by=by,
        url=evaluation.internship.get_absolute_url(),
        kind=evaluation.kind,
        reason=reason.strip(),
    )
    return evaluation
