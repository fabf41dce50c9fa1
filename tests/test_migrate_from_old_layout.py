"""A database of the layout before the apps were re-cut migrates to the new one whole.

The test takes the database back to the last migrations of the old layout (where
internships held programmes, events, notifications and certificates, and mentors held
mentor assignments), fills every moved table through the models of that layout (with the
content types, permissions, admin log and queued jobs that name the old apps), migrates
forward, and checks that every table keeps its rows, that what named an old app names
the new one, and that an issued certificate still verifies by its code and by its bytes.
It runs on SQLite and on PostgreSQL, whichever the suite runs on.
"""

import hashlib
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from documents.pdf.certificate import render_certificate

OLD_LAYOUT = [
    ("accounts", "0003_roster_import"),
    ("internships", "0011_list_order_indexes"),
    ("mentors", "0003_logbook_progress_index"),
    ("notifications", None),
    ("documents", None),
    ("office", None),
]
MOVED = {
    # model: (old app, new app)
    "programme": ("internships", "accounts"),
    "event": ("internships", "notifications"),
    "notification": ("internships", "notifications"),
    "mentorassignment": ("mentors", "internships"),
    "serialcounter": ("internships", "documents"),
    "certificate": ("internships", "documents"),
    "issuejob": ("internships", "documents"),
    "rosterimport": ("accounts", "office"),
}
OLD_JOBS = {
    "internships.notifications.email_notification": "notifications.tasks.email_notification",
    "internships.tasks.issue_period_certificates": "documents.tasks.issue_period_certificates",
    "accounts.roster.send_roster_invitations": "office.roster.send_roster_invitations",
}
FACTS = {
    "serial": "PRA-2026-000001",
    "code": "OLDLAYOUTCODE234567ABCDE",
    "url": "http://localhost:8000/verify/OLDLAYOUTCODE234567ABCDE/",
    "university": "Universitatea din Cluj",
    "student": "Ioana Bălan",
    "programme": "Informatică",
    "organisation": "Codează Someș SRL",
    "period": "Vara 2026",
    "starts_on": date(2026, 7, 1),
    "ends_on": date(2026, 8, 31),
    "issued_on": date(2026, 9, 15),
    "hours": 240,
    "host_tutor": "Ștefan Mureșan",
    "supervisor": "Horațiu Crișan",
    "grade": 10,
    "passed": True,
    "credits": 5,
    "competencies": [("Teamwork", 5)],
}


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    return executor.migrate(targets)


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table != "django_migrations":
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (table names)
                counts[table] = cursor.fetchone()[0]
    return counts


def seed_old_layout(apps) -> dict:
    """One of everything that moves, written through the old layout's models."""
    get = apps.get_model
    content_types = get("contenttypes", "ContentType")
    for model, (old_app, _new) in MOVED.items():
        content_type, _ = content_types.objects.get_or_create(app_label=old_app, model=model)
        get("auth", "Permission").objects.get_or_create(
            content_type=content_type, codename=f"view_{model}", defaults={"name": f"view {model}"}
        )
    internship_type, _ = content_types.objects.get_or_create(
        app_label="internships", model="internship"
    )

    users = get("accounts", "User").objects
    staff = users.create(email="staff@old.example", role="staff", first_name="E", last_name="M")
    student = users.create(email="s@old.example", role="student", first_name="I", last_name="B")
    tutor = users.create(email="t@old.example", role="mentor", first_name="Ș", last_name="M")
    sector = get("accounts", "Sector").objects.create(name="Old layout sector")
    county = get("accounts", "County").objects.create(name="Old layout county", code="ZZ")
    organisation = get("accounts", "Organisation").objects.create(
        legal_name="Codează Someș SRL",
        registration_number="RO99999999",
        sector=sector,
        county=county,
        city="Cluj-Napoca",
        status="verified",
    )
    programme = get("internships", "Programme").objects.create(name="Informatică", code="OLDINF")
    get("accounts", "StudentProfile").objects.create(user=student, programme=programme)
    today = timezone.localdate()
    period = get("internships", "Period").objects.create(
        name="Vara 2026",
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=10),
        applications_open_on=today - timedelta(days=150),
        applications_close_on=today - timedelta(days=120),
        required_hours=120,
    )
    placement = get("internships", "Placement").objects.create(
        organisation=organisation,
        period=period,
        title="Backend intern",
        description="Old layout",
        county=county,
        city="Cluj-Napoca",
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        hours_per_week=20,
        positions=1,
        deadline=period.applications_close_on,
        status="closed",
        created_by=staff,
    )
    placement.programmes.add(programme)
    application = get("internships", "Application").objects.create(
        placement=placement,
        student=student,
        cover_letter="Bună ziua",
        cv="cv.pdf",
        status="accepted",
    )
    internship = get("internships", "Internship").objects.create(
        application=application,
        student=student,
        placement=placement,
        organisation=organisation,
        period=period,
        host_tutor=tutor,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        required_hours=120,
        status="completed",
    )
    get("mentors", "MentorAssignment").objects.create(
        internship=internship, mentor=tutor, kind="host_tutor", assigned_by=staff
    )
    pdf_ro = render_certificate(FACTS, "ro")
    pdf_en = render_certificate(FACTS, "en")
    certificate = get("internships", "Certificate")(
        internship=internship,
        serial=FACTS["serial"],
        code=FACTS["code"],
        sha256_ro=hashlib.sha256(pdf_ro).hexdigest(),
        sha256_en=hashlib.sha256(pdf_en).hexdigest(),
        issued_by=staff,
        facts={
            **{key: value for key, value in FACTS.items() if key not in ("url", "code")},
            "starts_on": FACTS["starts_on"].isoformat(),
            "ends_on": FACTS["ends_on"].isoformat(),
            "issued_on": FACTS["issued_on"].isoformat(),
            "competencies": [["Teamwork", "Lucru în echipă", 5]],
        },
    )
    certificate.pdf_ro.save("ro.pdf", ContentFile(pdf_ro), save=False)
    certificate.pdf_en.save("en.pdf", ContentFile(pdf_en), save=False)
    certificate.save()
    get("internships", "SerialCounter").objects.create(year=2026, last=1)
    get("internships", "IssueJob").objects.create(period=period, started_by=staff, status="done")
    certificate_type = content_types.objects.get(app_label="internships", model="certificate")
    events = get("internships", "Event").objects
    events.create(
        content_type=internship_type, object_id=internship.pk, actor=staff, action="completed"
    )
    events.create(
        content_type=certificate_type, object_id=certificate.pk, actor=staff, action="issued"
    )
    notification = get("internships", "Notification").objects.create(
        recipient=student, kind="certificate_issued", params={"serial": FACTS["serial"]}
    )
    get("accounts", "RosterImport").objects.create(uploaded_by=staff, file_name="roster.csv")
    get("admin", "LogEntry").objects.create(
        user=staff,
        content_type=certificate_type,
        object_id=str(certificate.pk),
        object_repr=FACTS["serial"],
        action_flag=2,
    )
    for path in OLD_JOBS:
        get("django_tasks_database", "DBTaskResult").objects.create(
            task_path=path,
            args_kwargs={"args": [notification.pk], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            run_after=timezone.now(),
        )
    old_ids = {
        model: content_types.objects.get(app_label=old_app, model=model).pk
        for model, (old_app, _new) in MOVED.items()
    }
    return {"pdf_ro": pdf_ro, "pdf_en": pdf_en, "content_type_ids": old_ids}


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_old_layout_migrates_whole_and_its_certificates_still_verify(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    try:
        old_apps = migrate_to(OLD_LAYOUT).apps
        seeded = seed_old_layout(old_apps)
        before = row_counts()

        migrate_to(None)

        after = row_counts()
        assert {table: after.get(table) for table in before} == before
        # Tables later migrations add start empty, but for the reference data they ship: the
        # agreement's articles, version 1 in Romanian and in English; and the faculty the
        # programmes are put in (accounts 0015).
        shipped = {"internships_agreementtext": 2, "accounts_faculty": 1}
        assert {table: after[table] for table in after.keys() - before.keys()} == {
            table: shipped.get(table, 0) for table in after.keys() - before.keys()
        }
    finally:
        migrate_to(None)

    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django_tasks_db.models import DBTaskResult

    from documents.models import Certificate
    from documents.services import find_by_pdf
    from notifications.models import Event, Notification

    ContentType.objects.clear_cache()
    for model, (_old, new_app) in MOVED.items():
        content_type = ContentType.objects.get(app_label=new_app, model=model)
        assert content_type.pk == seeded["content_type_ids"][model]
        assert content_type.model_class() is not None
        assert Permission.objects.filter(content_type=content_type).exists()
    certificate = Certificate.objects.get()
    assert {event.subject for event in Event.objects.all()} == {
        certificate.internship,
        certificate,
    }
    assert LogEntry.objects.get().get_edited_object() == certificate
    assert FACTS["serial"] in Notification.objects.get().text
    jobs = DBTaskResult.objects.all()
    assert sorted(job.task_path for job in jobs) == sorted(OLD_JOBS.values())
    for job in jobs:
        import_string(job.task_path)

    assert find_by_pdf(seeded["pdf_ro"]) == (certificate, "ro")
    assert find_by_pdf(seeded["pdf_en"]) == (certificate, "en")
    page = client.get(reverse("verify_certificate", args=[FACTS["code"]]))
    assert page.status_code == 200
    assert FACTS["serial"] in page.content.decode()
    call_command("check")
