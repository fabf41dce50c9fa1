from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("home/", views.home, name="home"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    # Sign-up has two doors, one per self-registering role; they precede allauth's own.
    path("accounts/signup/", views.signup_choice, name="account_signup"),
    path("accounts/signup/student/", views.student_signup, name="signup_student"),
    path(
        "accounts/signup/organisation/",
        views.organisation_signup,
        name="signup_organisation",
    ),
    # A SAML sign-on's last step, with a clear page for a replayed answer (allauth's own
    # view underneath); it precedes allauth's URL of the same name.
    path(
        "accounts/saml/<str:organization_slug>/acs/finish/",
        views.saml_finish_acs,
        name="saml_finish_acs",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("student/profile/", views.student_profile, name="student_profile"),
    path("student/profile/cv/", views.student_cv, name="student_cv"),
    path("student/profile/cvs/<int:pk>/", views.student_cv_file, name="student_cv_file"),
    path(
        "student/profile/cvs/<int:pk>/remove/",
        views.remove_student_cv,
        name="remove_student_cv",
    ),
    path(
        "student/profile/experience/new/", views.student_experience, name="add_student_experience"
    ),
    path(
        "student/profile/experience/<int:pk>/",
        views.student_experience,
        name="edit_student_experience",
    ),
    path(
        "student/profile/experience/<int:pk>/remove/",
        views.remove_student_experience,
        name="remove_student_experience",
    ),
    path("company/people/", views.company_invitations, name="company_invitations"),
    path("company/organisation/", views.company_organisation, name="company_organisation"),
    path("staff/invitations/", views.staff_invitations, name="staff_invitations"),
]
