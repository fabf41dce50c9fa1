"""The internships part of `seed_scale`: internships with their agreements and mentors, and
the certificates of the completed ones."""

import base64
import secrets
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Programme, User
from documents.models import Certificate, SerialCounter
from internships.models import Agreement, Internship, MentorAssignment


class InternshipsSeeder:
    """Mixed into seed.scale.ScaleSeeder: uses its writer, accepted applications, mentors and
    (for the certificates) the mentoring part's hours, grades and scores."""

    # Internships -------------------------------------------------------------------------

    def internships(self):
        ids = self.writer.ids(Internship, len(self.accepted))
        self.write_internships(ids)
        self.agreements()
        self.mentor_assignments()
        self.log(f"  {len(ids)} internships with agreements and mentors")

    def write_internships(self, ids: range):
        """Last summer's completed, the running period's active (one in 97 terminated), the
        next summer's planned; each with its organisation's tutor and a supervisor in turn."""
        self.internship_rows = []
        supervisors = self.supervisor_ids
        periods = {"last": self.last, "running": self.running, "current": self.current}
        status_of = {"last": "completed", "running": "active", "current": "planned"}

        def rows():
            for n, (pk, (student, placement, key)) in enumerate(
                zip(ids, self.accepted, strict=True)
            ):
                org = self.placement[placement][3]
                period = periods[key]
                status = status_of[key]
                if key == "running" and n % 97 == 0:
                    status = "terminated"
                title, hours_per_week, work_mode = self.placement_terms[placement]
                row = Internship(
                    pk=pk,
                    title=title,
                    hours_per_week=hours_per_week,
                    work_mode=work_mode,
                    city=self.org_city[org],
                    county_id=self.org_county[org],
                    activities="Work on the team's backlog; write documentation.",
                    competences="Professional practice, tools of the trade, teamwork.",
                    application_id=self.application_of[(student, placement)],
                    student_id=student,
                    placement_id=placement,
                    organisation_id=org,
                    period_id=period.pk,
                    host_tutor_id=self.tutor_of.get(org),
                    academic_supervisor_id=supervisors[n % len(supervisors)],
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                    required_hours=period.required_hours,
                    status=status,
                    termination_reason="The student moved to another city."
                    if status == "terminated"
                    else "",
                    completed_at=self.now - timedelta(days=60) if status == "completed" else None,
                )
                self.internship_rows.append(row)
                yield row

        self.writer.write(Internship, rows())

    def agreements(self):
        """Every started internship's agreement, confirmed by the three parties."""
        started = [i for i in self.internship_rows if i.status != "planned"]
        agreement_ids = self.writer.ids(Agreement, len(started))
        confirmed = self.now - timedelta(days=40)
        self.writer.write(
            Agreement,
            (
                Agreement(
                    pk=a,
                    internship_id=i.pk,
                    student_confirmed_at=confirmed,
                    organisation_confirmed_at=confirmed,
                    organisation_confirmed_by_id=self.org_admin[i.organisation_id],
                    university_confirmed_at=confirmed,
                    university_confirmed_by_id=self.staff.pk,
                )
                for a, i in zip(agreement_ids, started, strict=True)
            ),
        )

    def mentor_assignments(self):
        """The host tutor, assigned by the organisation's admin; the supervisor, by staff."""
        assignments = []
        for i in self.internship_rows:
            if i.host_tutor_id:
                assignments.append(
                    (i.pk, i.host_tutor_id, "host_tutor", self.org_admin[i.organisation_id])
                )
            assignments.append((i.pk, i.academic_supervisor_id, "supervisor", self.staff.pk))
        assignment_ids = self.writer.ids(MentorAssignment, len(assignments))
        self.writer.write(
            MentorAssignment,
            (
                MentorAssignment(pk=a, internship_id=i, mentor_id=m, kind=k, assigned_by_id=b)
                for a, (i, m, k, b) in zip(assignment_ids, assignments, strict=True)
            ),
        )

    # Certificates ------------------------------------------------------------------------

    def certificates(self):
        """Certificates of the completed internships: the records with the facts they print.

        The PDFs are not rendered here (bench/certificates.py measures rendering); the
        records point at no file, so downloading one of them answers 404."""
        completed = [i for i in self.internship_rows if i.status == "completed"]
        year = self.today.year
        first = self.reserve_serials(year, len(completed))
        ids = self.writer.ids(Certificate, len(completed))
        full_name = self.full_names(completed)
        programme_names = dict(Programme.objects.values_list("pk", "name"))
        issued = self.now - timedelta(days=30)

        def rows():
            for n, (pk, i) in enumerate(zip(ids, completed, strict=True)):
                serial = f"PRA-{year}-{first + n:06d}"
                code = base64.b32encode(secrets.token_bytes(15)).decode()
                facts = self.certificate_facts(
                    i,
                    serial=serial,
                    code=code,
                    full_name=full_name,
                    programme_names=programme_names,
                    issued=issued,
                )
                yield Certificate(
                    pk=pk,
                    internship_id=i.pk,
                    serial=serial,
                    code=code,
                    language="ro",
                    pdf_ro="",
                    pdf_en="",
                    sha256_ro="",
                    sha256_en="",
                    issued_at=issued,
                    issued_by_id=self.staff.pk,
                    facts=facts,
                )

        self.writer.write(Certificate, rows())
        self.log(f"  {len(completed)} certificates (records)")

    def reserve_serials(self, year: int, count: int) -> int:
        """Moves the year's serial counter past `count` serials; returns the first of them."""
        counter, _ = SerialCounter.objects.get_or_create(year=year)
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
        return first

    def full_names(self, internships):
        """A function giving the full name of a student or mentor of `internships` by key
        ("—" for none), read before the rows are written."""
        users = dict(
            User.objects.filter(
                pk__in={i.student_id for i in internships}
                | {u for i in internships for u in (i.host_tutor_id, i.academic_supervisor_id) if u}
            ).values_list("pk", "first_name")
        )
        last_names = dict(User.objects.filter(pk__in=list(users)).values_list("pk", "last_name"))

        def full(pk):
            return f"{users[pk]} {last_names[pk]}" if pk else "—"

        return full

    def certificate_facts(self, i, *, serial, code, full_name, programme_names, issued) -> dict:
        """What the certificate of internship `i` prints, as issuing records it."""
        return {
            "serial": serial,
            "code": code,
            "url": settings.SITE_URL.rstrip("/") + reverse("verify_certificate", args=[code]),
            "university": settings.UNIVERSITY_NAME,
            "student": full_name(i.student_id),
            "programme": programme_names.get(self.programme_of.get(i.student_id), ""),
            "organisation": self.org_name[i.organisation_id],
            "period": self.last.name,
            "starts_on": i.starts_on.isoformat(),
            "ends_on": i.ends_on.isoformat(),
            "hours": str(self.approved_hours.get(i.pk, 0)),
            "host_tutor": full_name(i.host_tutor_id),
            "supervisor": full_name(i.academic_supervisor_id),
            "grade": self.grade[i.pk],
            "passed": True,
            "credits": self.last.credits,
            "competencies": [
                (c.name, c.name_ro or c.name, s) for c, s in self.final_scores.get(i.pk, [])
            ],
            "issued_on": timezone.localdate(issued).isoformat(),
        }
