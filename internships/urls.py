from django.urls import path

from .views import (
    agreements,
    amendments,
    applicants,
    closing,
    company,
    homes,
    proposals,
    public,
    saved,
    student,
    vetting,
)

urlpatterns = [
    # Homes
    path("", homes.landing, name="landing"),
    path("student/", homes.student_home, name="student_home"),
    path("company/", homes.company_home, name="company_home"),
    # Public search and detail
    path("placements/", public.placement_search, name="placement_search"),
    path("placements/<int:pk>/", public.placement_detail, name="placement_detail"),
    # Students
    path("placements/<int:pk>/apply/", student.apply, name="apply"),
    path("placements/<int:pk>/report/", student.report_placement, name="report_placement"),
    path("student/applications/", student.student_applications, name="student_applications"),
    path("student/applications/<int:pk>/", student.student_application, name="student_application"),
    path(
        "student/applications/<int:pk>/withdraw/",
        student.withdraw_application,
        name="withdraw_application",
    ),
    path("student/applications/<int:pk>/accept/", student.accept_offer, name="accept_offer"),
    path("student/applications/<int:pk>/decline/", student.decline_offer, name="decline_offer"),
    path(
        "student/applications/<int:pk>/accept/confirm/",
        student.confirm_accept_offer,
        name="confirm_accept_offer",
    ),
    path(
        "student/applications/<int:pk>/decline/confirm/",
        student.confirm_decline_offer,
        name="confirm_decline_offer",
    ),
    path(
        "student/applications/<int:pk>/interview.ics", student.interview_ics, name="interview_ics"
    ),
    path("applications/<int:pk>/cv/", student.application_cv, name="application_cv"),
    # Companies
    path("company/placements/", company.company_placements, name="company_placements"),
    path("company/placements/new/", company.placement_create, name="placement_create"),
    path("company/placements/<int:pk>/edit/", company.placement_edit, name="placement_edit"),
    path("company/placements/<int:pk>/submit/", company.placement_submit, name="placement_submit"),
    path(
        "company/placements/<int:pk>/withdraw/",
        company.placement_withdraw,
        name="placement_withdraw",
    ),
    path("company/placements/<int:pk>/close/", company.placement_close, name="placement_close"),
    path(
        "company/placements/<int:pk>/close/confirm/",
        company.confirm_placement_close,
        name="confirm_placement_close",
    ),
    path(
        "company/placements/<int:pk>/archive/", company.placement_archive, name="placement_archive"
    ),
    path(
        "company/placements/<int:pk>/duplicate/",
        company.placement_duplicate,
        name="placement_duplicate",
    ),
    path("company/placements/<int:pk>/applicants/", applicants.pipeline, name="pipeline"),
    path(
        "company/placements/<int:pk>/applicants/bulk/",
        applicants.pipeline_bulk,
        name="pipeline_bulk",
    ),
    path("company/applicants/export/", applicants.export_all_applicants, name="export_applicants"),
    path("company/rejection-messages/", applicants.rejection_templates, name="rejection_templates"),
    path(
        "company/rejection-messages/<int:pk>/edit/",
        applicants.rejection_template_edit,
        name="rejection_template_edit",
    ),
    path(
        "company/rejection-messages/<int:pk>/remove/",
        applicants.rejection_template_archive,
        name="rejection_template_archive",
    ),
    path(
        "company/placements/<int:pk>/reject-remaining/",
        company.reject_remaining,
        name="reject_remaining",
    ),
    path("company/applications/<int:pk>/", company.company_application, name="company_application"),
    path("company/applications/<int:pk>/move/", company.application_move, name="application_move"),
    path(
        "company/applications/<int:pk>/interview/",
        company.application_interview,
        name="application_interview",
    ),
    path(
        "company/applications/<int:pk>/offer/", company.application_offer, name="application_offer"
    ),
    path(
        "company/applications/<int:pk>/reject/",
        company.application_reject,
        name="application_reject",
    ),
    path("company/applications/<int:pk>/notes/", company.application_note, name="application_note"),
    path("company/applications/<int:pk>/offer/extend/", company.offer_extend, name="offer_extend"),
    path(
        "company/applications/<int:pk>/offer/rescind/", company.offer_rescind, name="offer_rescind"
    ),
    # Vetting by the internship office
    path("staff/organisations/", vetting.staff_organisations, name="staff_organisations"),
    path("staff/organisations/<int:pk>/", vetting.staff_organisation, name="staff_organisation"),
    path(
        "staff/organisations/<int:pk>/verify/",
        vetting.organisation_verify,
        name="organisation_verify",
    ),
    path(
        "staff/organisations/<int:pk>/suspend/",
        vetting.organisation_suspend,
        name="organisation_suspend",
    ),
    path(
        "staff/placements/review/", vetting.staff_placement_reviews, name="staff_placement_reviews"
    ),
    path("staff/placements/<int:pk>/approve/", vetting.placement_approve, name="placement_approve"),
    path("staff/placements/<int:pk>/return/", vetting.placement_return, name="placement_return"),
    path(
        "staff/placements/<int:pk>/close/",
        closing.staff_placement_close,
        name="staff_placement_close",
    ),
    path("staff/reports/", vetting.staff_reports, name="staff_reports"),
    path("staff/reports/<int:pk>/resolve/", vetting.report_resolve, name="report_resolve"),
    # Placements students found, and internships recorded by staff
    path("student/proposals/", proposals.student_proposals, name="student_proposals"),
    path("student/proposals/new/", proposals.proposal_create, name="proposal_create"),
    path("student/proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path(
        "student/proposals/<int:pk>/withdraw/",
        proposals.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/review/", proposals.proposal_queue, name="proposal_queue"),
    path("proposals/<int:pk>/approve/", proposals.proposal_approve, name="proposal_approve"),
    path("proposals/<int:pk>/return/", proposals.proposal_return, name="proposal_return"),
    path("staff/internships/record/", proposals.internship_record, name="internship_record"),
    # The tripartite agreement
    path(
        "internships/<int:pk>/agreement/confirm/",
        agreements.agreement_confirm,
        name="agreement_confirm",
    ),
    path(
        "internships/<int:pk>/agreement/language/",
        agreements.agreement_language,
        name="agreement_language",
    ),
    path(
        "internships/<int:pk>/agreement/override/",
        agreements.agreement_override,
        name="agreement_override",
    ),
    path(
        "internships/<int:pk>/agreement/paper/", agreements.agreement_paper, name="agreement_paper"
    ),
    path(
        "internships/<int:pk>/agreement/scan.pdf", agreements.agreement_scan, name="agreement_scan"
    ),
    # Amendments (acte adiționale) to a confirmed agreement
    path(
        "internships/<int:pk>/amendments/new/",
        amendments.amendment_propose,
        name="amendment_propose",
    ),
    path("amendments/<int:pk>/", amendments.amendment_detail, name="amendment_detail"),
    path("amendments/<int:pk>/confirm/", amendments.amendment_confirm, name="amendment_confirm"),
    path("amendments/<int:pk>/withdraw/", amendments.amendment_withdraw, name="amendment_withdraw"),
]

# A student's saved placements and searches (internships.saved).
urlpatterns += [
    path("placements/<int:pk>/save/", saved.placement_save, name="placement_save"),
    path("placements/<int:pk>/unsave/", saved.placement_unsave, name="placement_unsave"),
    path("student/saved/", saved.saved_placements, name="saved_placements"),
    path("student/searches/", saved.saved_searches, name="saved_searches"),
    path("student/searches/new/", saved.saved_search_create, name="saved_search_create"),
    path(
        "student/searches/<int:pk>/alerts/", saved.saved_search_alerts, name="saved_search_alerts"
    ),
    path(
        "student/searches/<int:pk>/delete/", saved.saved_search_delete, name="saved_search_delete"
    ),
]
