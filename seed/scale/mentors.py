"""The mentoring part of `seed_scale`: logbooks, feedback notes, evaluations with their
scores, and academic results."""

from datetime import timedelta
from decimal import Decimal

from mentors.models import (
    AcademicResult,
    Evaluation,
    FeedbackNote,
    LogbookEntry,
    Score,
)

ACTIVITIES = [
    "Am scris teste unitare pentru modulul de facturare.",
    "Am participat la ședința zilnică și am lucrat la un tichet de interfață.",
    "Am analizat datele de producție și am pregătit un raport.",
    "Am asistat la măsurători în laborator și am completat fișele de lucru.",
    "Code review cu tutorele; am corectat observațiile primite.",
]


class MentoringSeeder:
    """Mixed into seed.scale.ScaleSeeder: uses its writer, internships and sizes."""

    # Logbooks ----------------------------------------------------------------------------

    def logbooks(self):
        """About `logbook` entries in all: finished interns logged every hour, running ones
        part of them; one or two entries a working day."""
        started = [
            i for i in self.internship_rows if i.status in ("completed", "active", "terminated")
        ]
        if not started:
            return
        self.approved_hours = {}
        written = self.write_logbook_entries(self.logbook_plan(started))
        notes = self.feedback_notes(started)
        self.log(f"  {written} logbook entries, {notes} feedback notes")

    def logbook_plan(self, started: list) -> list[tuple]:
        """(internship, its working days so far, how many entries) for every started one:
        entries in proportion to the days, so that they add up to about `logbook`."""
        today = self.today
        days_of = {}
        for i in started:
            last_day = min(i.ends_on, today - timedelta(days=1))
            key = (i.starts_on, last_day)
            if key not in days_of:
                days_of[key] = [
                    i.starts_on + timedelta(days=d)
                    for d in range((last_day - i.starts_on).days + 1)
                    if (i.starts_on + timedelta(days=d)).weekday() < 5
                ]
        capacity = sum(
            2 * len(days_of[(i.starts_on, min(i.ends_on, today - timedelta(days=1)))])
            for i in started
        )
        share = min(1.0, self.sizes["logbook"] / max(1, capacity))
        plan = []
        for i in started:
            days = days_of[(i.starts_on, min(i.ends_on, today - timedelta(days=1)))]
            entries = max(1, round(2 * len(days) * share))
            if i.status != "completed":
                entries = max(1, entries * 3 // 4)
            plan.append((i, days, entries))
        return plan

    def write_logbook_entries(self, plan: list[tuple]) -> int:
        # Never query inside rows(): on PostgreSQL it runs while the connection is in COPY.
        ids = iter(self.writer.ids(LogbookEntry, sum(e for _, _, e in plan)))

        def rows():
            for i, days, entries in plan:
                yield from self.logbook_of(i, days, entries, ids)

        return self.writer.write(LogbookEntry, rows())

    def logbook_of(self, i, days: list, entries: int, ids):
        """One internship's entries, spread over its days: a completed one reaches its
        required hours, a running one 60% of them; its recent days are drafts or await
        approval, a few were returned. Adds up its approved hours."""
        today = self.today
        rng = self.rng
        goal = (
            Decimal(i.required_hours)
            if i.status == "completed"
            else Decimal(i.required_hours) * Decimal("0.6")
        )
        hours = (goal / entries).quantize(Decimal("0.5"))
        hours = min(max(hours, Decimal("0.5")), Decimal("6"))
        approved = Decimal(0)
        for k in range(entries):
            day = days[(k * len(days)) // entries]
            age = (today - day).days
            status = "approved"
            if i.status == "active":
                status = "draft" if age <= 2 else "submitted" if age <= 9 else "approved"
                if status == "approved" and rng.random() < 0.03:
                    status = "returned"
            if status == "approved":
                approved += hours
            reviewed = status in ("approved", "returned")
            yield LogbookEntry(
                pk=next(ids),
                internship_id=i.pk,
                date=day,
                hours=hours,
                activities=ACTIVITIES[(i.pk + k) % len(ACTIVITIES)],
                status=status,
                review_comment="Te rog detaliază ce ai testat." if status == "returned" else "",
                reviewed_by_id=i.host_tutor_id if reviewed else None,
                reviewed_at=self.now - timedelta(days=max(age - 3, 0)) if reviewed else None,
                submitted_at=self.now - timedelta(days=age) if status != "draft" else None,
                created_at=self.now - timedelta(days=age),
            )
        self.approved_hours[i.pk] = approved

    def feedback_notes(self, started: list) -> int:
        """A host tutor's note to one running intern in three."""
        active = [i for i in started if i.status == "active"]
        notes = [i for n, i in enumerate(active) if n % 3 == 0 and i.host_tutor_id]
        note_ids = self.writer.ids(FeedbackNote, len(notes))
        self.writer.write(
            FeedbackNote,
            (
                FeedbackNote(
                    pk=pk,
                    internship_id=i.pk,
                    author_id=i.host_tutor_id,
                    body="Bună treabă săptămâna aceasta! Data viitoare scrie și testele.",
                    visibility="student",
                )
                for pk, i in zip(note_ids, notes, strict=True)
            ),
        )
        return len(notes)

    # Evaluations and results -------------------------------------------------------------

    def evaluations(self):
        completed = [i for i in self.internship_rows if i.status == "completed"]
        plan = self.evaluation_plan(completed)
        ids = self.writer.ids(Evaluation, len(plan))
        self.write_evaluations(ids, plan)
        scores = self.scores(ids, plan)
        self.academic_results(completed)
        self.log(f"  {len(plan)} evaluations with {scores} scores, {len(completed)} results")

    def evaluation_plan(self, completed: list) -> list[tuple]:
        """(internship, kind, author): a final evaluation of every completed internship with a
        tutor, the student's self-evaluation or rating of the host in turn, and a midterm
        evaluation of one running internship in three."""
        active = [
            i for n, i in enumerate(self.internship_rows) if i.status == "active" and n % 3 == 0
        ]
        plan = [(i, "final", i.host_tutor_id) for i in completed if i.host_tutor_id]
        plan += [(i, "self", i.student_id) for n, i in enumerate(completed) if n % 2 == 0]
        plan += [(i, "host_rating", i.student_id) for n, i in enumerate(completed) if n % 2 == 1]
        plan += [(i, "midterm", i.host_tutor_id) for i in active if i.host_tutor_id]
        return plan

    def write_evaluations(self, ids: range, plan: list[tuple]):
        submitted = self.now - timedelta(days=62)
        self.writer.write(
            Evaluation,
            (
                Evaluation(
                    pk=pk,
                    internship_id=i.pk,
                    kind=kind,
                    author_id=author,
                    status="submitted",
                    submitted_at=submitted,
                    comment="Un stagiar serios, care a învățat repede." if kind == "final" else "",
                    task_relevance=4 if kind == "host_rating" else None,
                    mentoring_quality=5 if kind == "host_rating" else None,
                    would_recommend=True if kind == "host_rating" else None,
                )
                for pk, (i, kind, author) in zip(ids, plan, strict=True)
            ),
        )

    def scores(self, ids: range, plan: list[tuple]) -> int:
        """Every competency scored 3 to 5 in the rubric evaluations; the final ones' scores
        are kept for the certificates."""
        self.final_scores = {}
        scores = []
        for pk, (i, kind, _author) in zip(ids, plan, strict=True):
            if kind in Evaluation.RUBRIC_KINDS:
                marks = [(c, 3 + (pk + c.pk) % 3) for c in self.competencies]
                scores += [(pk, c.pk, s) for c, s in marks]
                if kind == "final":
                    self.final_scores[i.pk] = marks
        score_ids = self.writer.ids(Score, len(scores))
        self.writer.write(
            Score,
            (
                Score(pk=pk, evaluation_id=e, competency_id=c, score=s)
                for pk, (e, c, s) in zip(score_ids, scores, strict=True)
            ),
        )
        return len(scores)

    def academic_results(self, completed: list):
        """Every completed internship passed, graded 8 to 10; the grades are kept for the
        certificates."""
        result_ids = self.writer.ids(AcademicResult, len(completed))
        self.grade = {i.pk: 8 + i.pk % 3 for i in completed}
        self.writer.write(
            AcademicResult,
            (
                AcademicResult(
                    pk=pk,
                    internship_id=i.pk,
                    grade=self.grade[i.pk],
                    passed=True,
                    credits=self.last.credits,
                    recorded_by_id=i.academic_supervisor_id,
                )
                for pk, i in zip(result_ids, completed, strict=True)
            ),
        )
