from django.urls import path

from .views import (
    evaluations,
    home,
    internships,
    logbook,
    logbooks,
    organisations,
    past_interns,
    profile,
)

urlpatterns = [
    path("mentor/", home.mentor_home, name="mentor_home"),
    path("mentor/past-interns/", past_interns.past_interns, name="past_interns"),
    path("mentor/profile/", profile.mentor_profile, name="mentor_profile"),
    path("organisations/<int:pk>/", organisations.organisation_page, name="organisation_page"),
    # One internship: every role that may see it opens the same page.
    path("internships/<int:pk>/", internships.internship_detail, name="internship_detail"),
    path("internships/<int:pk>/start/", internships.internship_start, name="internship_start"),
    path(
        "internships/<int:pk>/complete/",
        internships.internship_complete,
        name="internship_complete",
    ),
    path(
        "internships/<int:pk>/terminate/",
        internships.internship_terminate,
        name="internship_terminate",
    ),
    path("internships/<int:pk>/feedback/", internships.feedback_write, name="feedback_write"),
    path(
        "internships/<int:pk>/feedback/<int:note_pk>/reply/",
        internships.feedback_reply,
        name="feedback_reply",
    ),
    path(
        "internships/<int:pk>/host-tutor/", internships.assign_host_tutor, name="assign_host_tutor"
    ),
    path("student/internship/", internships.student_internship, name="student_internship"),
    path("company/internships/", internships.company_internships, name="company_internships"),
    # Logbook
    path("internships/<int:pk>/logbook/", logbook.logbook, name="logbook"),
    path(
        "internships/<int:pk>/logbook/<int:entry_pk>/edit/",
        logbook.logbook_entry_edit,
        name="logbook_entry_edit",
    ),
    path("internships/<int:pk>/logbook/submit/", logbook.logbook_submit, name="logbook_submit"),
    path("internships/<int:pk>/logbook/approve/", logbook.logbook_approve, name="logbook_approve"),
    path(
        "internships/<int:pk>/logbook/<int:entry_pk>/return/",
        logbook.logbook_return,
        name="logbook_return",
    ),
    path("internships/<int:pk>/logbook.csv", logbook.logbook_csv, name="logbook_csv"),
    path("logbooks/", logbooks.logbook_entries, name="logbook_entries"),
    # Evaluations and the result
    path(
        "internships/<int:pk>/evaluations/<str:kind>/",
        evaluations.evaluation_form,
        name="evaluation_form",
    ),
    path(
        "internships/<int:pk>/evaluations/<str:kind>/reopen/",
        evaluations.evaluation_reopen,
        name="evaluation_reopen",
    ),
    path("internships/<int:pk>/result/", evaluations.result_form, name="result_form"),
]
