from django.urls import path

from . import views

urlpatterns = [
    path("internships/<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("amendments/<int:pk>/amendment.pdf", views.amendment_pdf, name="amendment_pdf"),
    path("internships/<int:pk>/logbook.pdf", views.logbook_pdf, name="logbook_pdf"),
    path(
        "internships/<int:pk>/evaluations/<str:kind>.pdf",
        views.evaluation_pdf,
        name="evaluation_pdf",
    ),
    path("internships/<int:pk>/result.pdf", views.result_pdf, name="result_pdf"),
    # Certificates
    path(
        "internships/<int:pk>/certificate/issue/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "certificates/<int:pk>/<str:language>.pdf",
        views.certificate_download,
        name="certificate_download",
    ),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path(
        "certificates/<int:pk>/reissue/",
        views.certificate_reissue,
        name="certificate_reissue",
    ),
    path(
        "certificates/<int:pk>/issue-again/",
        views.certificate_issue_again,
        name="certificate_issue_again",
    ),
    path("staff/certificates/", views.staff_certificates, name="staff_certificates"),
    path("staff/certificates/issue/", views.issue_job_start, name="issue_job_start"),
    path("staff/certificates/jobs/<int:pk>/", views.issue_job, name="issue_job"),
    path("staff/certificates/jobs/<int:pk>/retry/", views.issue_job_retry, name="issue_job_retry"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_certificate, name="verify_certificate"),
]
