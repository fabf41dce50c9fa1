"""The profile's single CV becomes the first of the student's CVs, the same stored file."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0011_organisation_logo")]
AFTER = [("accounts", "0012_student_cvs_links_languages_experience")]


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    return executor.migrate(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_profiles_cv_moves_into_the_students_cvs():
    try:
        old = migrate_to(BEFORE)
        User = old.get_model("accounts", "User")
        Profile = old.get_model("accounts", "StudentProfile")
        with_cv = Profile.objects.create(
            user=User.objects.create(email="ana@student.example.ro", role="student"),
            cv="private/cv/7/20260101120000.pdf",
        )
        Profile.objects.create(user=User.objects.create(email="dan@x.ro", role="student"))

        new = migrate_to(AFTER)

        rows = list(
            new.get_model("accounts", "StudentCV").objects.values("profile_id", "label", "file")
        )
        assert rows == [
            {"profile_id": with_cv.pk, "label": "CV", "file": "private/cv/7/20260101120000.pdf"}
        ]
    finally:
        migrate_to(None)
