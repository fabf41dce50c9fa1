from django.urls import path

from .views import agreement_setup, dashboard, jobs, lists, mail, paperwork, records, roster, setup

urlpatterns = [
    path("staff/", dashboard.staff_home, name="staff_home"),
    path("staff/recount/", dashboard.staff_recount, name="staff_recount"),
    path("figures/", dashboard.public_figures, name="public_figures"),
    path("staff/students/", lists.staff_students, name="staff_students"),
    path("staff/students/<int:pk>/", records.staff_student, name="staff_student"),
    path(
        "staff/directory/organisations/",
        lists.staff_organisation_directory,
        name="staff_organisation_directory",
    ),
    path("staff/placements/", lists.staff_placements, name="staff_placements"),
    path(
        "staff/organisations/names/",
        lists.staff_organisation_names,
        name="staff_organisation_names",
    ),
    path("staff/applications/", lists.staff_applications, name="staff_applications"),
    path("staff/applications/<int:pk>/", records.staff_application, name="staff_application"),
    path("staff/roster/", roster.roster_upload, name="roster_upload"),
    path("staff/roster/<int:pk>/", roster.roster_confirm, name="roster_confirm"),
    path("staff/periods/", setup.staff_periods, name="staff_periods"),
    path("staff/periods/<int:pk>/", setup.staff_period_edit, name="staff_period_edit"),
    path("staff/programmes/", setup.staff_programmes, name="staff_programmes"),
    path("staff/programmes/<int:pk>/", setup.staff_programme_edit, name="staff_programme_edit"),
    path("staff/faculties/", setup.staff_faculties, name="staff_faculties"),
    path("staff/faculties/<int:pk>/", setup.staff_faculty_edit, name="staff_faculty_edit"),
    path(
        "staff/faculties/staff/<int:pk>/",
        setup.staff_member_faculties,
        name="staff_member_faculties",
    ),
    path("staff/internships/", lists.staff_internships, name="staff_internships"),
    path(
        "staff/internships/supervisor/",
        lists.staff_assign_supervisor,
        name="staff_assign_supervisor",
    ),
    path("staff/university/", agreement_setup.staff_university, name="staff_university"),
    path(
        "staff/agreement/articles/<str:language>/",
        agreement_setup.staff_agreement_text,
        name="staff_agreement_text",
    ),
    path("staff/paperwork/", paperwork.staff_paperwork, name="staff_paperwork"),
    path(
        "staff/paperwork/remind/",
        paperwork.staff_paperwork_remind,
        name="staff_paperwork_remind",
    ),
    path(
        "staff/paperwork/agreements.zip",
        paperwork.staff_paperwork_zip,
        name="staff_paperwork_zip",
    ),
    path("staff/lists/<slug:kind>/", setup.staff_reference, name="staff_reference"),
    path(
        "staff/lists/<slug:kind>/<int:pk>/", setup.staff_reference_edit, name="staff_reference_edit"
    ),
    path("staff/rubric/", setup.staff_rubric, name="staff_rubric"),
    path("staff/rubric/<int:pk>/", setup.staff_competency_edit, name="staff_competency_edit"),
    path("staff/mail/", mail.staff_mail, name="staff_mail"),
    path("staff/jobs/", jobs.staff_jobs, name="staff_jobs"),
    path("staff/jobs/<uuid:pk>/retry/", jobs.staff_job_retry, name="staff_job_retry"),
    path("staff/mail/<int:pk>/retry/", mail.staff_mail_retry, name="staff_mail_retry"),
]
