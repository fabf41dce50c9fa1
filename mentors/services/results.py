"""The academic result: the supervisor's grade, pass or fail and credits."""

from django.conf import settings
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from internships.models import Internship
from internships.services.assignments import lock_internship
from notifications.services import notify, record_event

from ..models import AcademicResult
from .lifecycle import _people, final_evaluation_submitted

I = Internship.Status  # noqa: E741 (the internship's status, as in the other services)


def why_no_result_yet(internship, *, final_submitted: bool) -> str | None:
    """The result is recorded at the end of a running (or completed) internship, after the
    host tutor's final evaluation is submitted; else, why not."""
    if internship.status not in (I.ACTIVE, I.COMPLETED):
        return _("The result is recorded at the end of a running internship.")
    if not final_submitted:
        return _("The result can be recorded once the host tutor's final evaluation is submitted.")
    return None


def pass_mark_refusal(grade, passed) -> str | None:
    """A grade below the pass mark (settings.PASS_MARK) cannot be recorded as passed."""
    if passed and grade < settings.PASS_MARK:
        return _("A grade below %(mark)s cannot be recorded as passed.") % {
            "mark": pass_mark_text(),
        }
    return None


def pass_mark_text() -> str:
    mark = settings.PASS_MARK
    return str(int(mark)) if mark == int(mark) else number_format(mark)


@transaction.atomic
def record_result(
    *, internship, by, grade: int, passed: bool, credits: int, comment: str = ""
) -> AcademicResult:
    """The academic supervisor records the grade (1-10), pass or fail and the credits, once
    the final evaluation is in; a grade below the pass mark is a fail."""
    ensure(by, "mentors.record_result", internship)
    internship = lock_internship(internship)
    refusal = why_no_result_yet(internship, final_submitted=final_evaluation_submitted(internship))
    if refusal:
        raise ServiceError(refusal)
    if not 1 <= int(grade) <= 10:
        raise ServiceError(_("The grade is from 1 to 10."))
    refusal = pass_mark_refusal(int(grade), bool(passed))
    if refusal:
        raise ServiceError(refusal)
    if int(credits) < 0 or int(credits) > 60:
        raise ServiceError(_("Credits are from 0 to 60."))
    result, _created = AcademicResult.objects.update_or_create(
        internship=internship,
        defaults={
            "grade": int(grade),
            "passed": bool(passed),
            "credits": int(credits),
            "comment": comment.strip(),
            "recorded_by": by,
        },
    )
    record_event(
        internship,
        by=by,
        action="result_recorded",
        note_kind="result",
        note_params={
            "grade": result.grade,
            "credits": result.credits,
            "outcome": "passed" if result.passed else "failed",
        },
    )
    notify(
        _people(internship),
        "result_recorded",
        by=by,
        url=internship.get_absolute_url(),
        student=internship.student.display_name,
    )
    return result
