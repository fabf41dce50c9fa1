"""A run's instance and result as CSV files, to check the allocation elsewhere.

The instance names no one: each student is a pseudonym (`S` and 12 hex digits of an HMAC of
the student's id keyed by the site's secret and the run), the same in both files of a run,
so the result (which names students, for staff) can be joined to it. Placements and
programmes are their ids. One file holds every part of the instance, a record type a row:

- `seed`: the run's lottery seed (value) and `digest` the inputs' digest it read;
- `capacity`: a placement's seats in the run (value);
- `quota`: at most `value` seats of `placement` for `programme`;
- `programme`: a student's programme;
- `choice`: a student ranked `placement` at `rank` (1 = first choice);
- `host`: the host of `placement` put the student in tie group `rank` (1 = best); a student
  who ranked the placement and has no such row is unacceptable to it;
- `pin`: the student is pinned to `placement`.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.exports import Column

from .models import Run


def pseudonym(run: Run, student_id: int) -> str:
    key = f"{settings.SECRET_KEY}:allocation:{run.pk}".encode()
    digest = hmac.new(key, str(student_id).encode(), hashlib.sha256).hexdigest()
    return "S" + digest[:12]


INSTANCE_COLUMNS = [
    Column(_("Record"), lambda row: row[0], key="record"),
    Column(_("Student"), lambda row: row[1], key="student"),
    Column(_("Placement"), lambda row: row[2], key="placement"),
    Column(_("Programme"), lambda row: row[3], key="programme"),
    Column(_("Rank"), lambda row: row[4], key="rank"),
    Column(_("Value"), lambda row: row[5], key="value"),
]


def instance_rows(run: Run, instance, digest: str):
    """The rows of the instance file (see the module's doc)."""
    alias = {}

    def who(student):
        if student not in alias:
            alias[student] = pseudonym(run, student)
        return alias[student]

    yield ("seed", "", "", "", "", run.seed)
    yield ("digest", "", "", "", "", digest)
    for placement, seats in sorted(instance.capacity.items()):
        yield ("capacity", "", placement, "", "", seats)
    for (placement, programme), seats in sorted((instance.quotas or {}).items()):
        yield ("quota", "", placement, programme, "", seats)
    for student, programme in sorted((instance.programme or {}).items()):
        yield ("programme", who(student), "", programme, "", "")
    for student, placements in sorted(instance.prefs.items()):
        for rank, placement in enumerate(placements, start=1):
            yield ("choice", who(student), placement, "", rank, "")
    for placement, groups in sorted(instance.host_order.items()):
        for rank, group in enumerate(groups, start=1):
            for student in sorted(group):
                yield ("host", who(student), placement, "", rank, "")
    for student, placement in sorted((instance.pins or {}).items()):
        yield ("pin", who(student), placement, "", "", "")


def result_columns(run: Run) -> list[Column]:
    return [
        Column(_("Pseudonym"), lambda m: pseudonym(run, m.student_id), key="pseudonym"),
        Column(_("Student"), lambda m: m.student.display_name, width=28, key="student"),
        Column(_("E-mail"), lambda m: m.student.email, width=28, key="email"),
        Column(
            _("Programme"),
            lambda m: getattr(getattr(m.student, "student_profile", None), "programme", "") or "",
            width=24,
            key="programme",
        ),
        Column(_("Placement id"), lambda m: m.placement_id or "", key="placement-id"),
        Column(
            _("Placement"),
            lambda m: m.placement.title if m.placement_id else "",
            width=28,
            key="placement",
        ),
        Column(
            _("Organisation"),
            lambda m: m.placement.organisation.legal_name if m.placement_id else "",
            width=28,
            key="organisation",
        ),
        Column(_("Choice rank"), lambda m: m.choice_rank or "", key="choice-rank"),
        Column(_("Pinned"), lambda m: m.pinned, key="pinned"),
    ]
