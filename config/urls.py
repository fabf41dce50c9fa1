from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import views as account_views

urlpatterns = [
    path("healthz", account_views.healthz, name="healthz"),
    path("favicon.ico", account_views.favicon),
    path("home/", account_views.home, name="home"),
    # Sign-up has two doors, one per self-registering role; they precede allauth's own.
    path("accounts/signup/", account_views.signup_choice, name="account_signup"),
    path("accounts/signup/student/", account_views.student_signup, name="signup_student"),
    path(
        "accounts/signup/organisation/",
        account_views.organisation_signup,
        name="signup_organisation",
    ),
    path("accounts/", include("allauth.urls")),
    path("invitations/<str:token>/", account_views.accept_invitation, name="accept_invitation"),
    path("invitations/<int:pk>/revoke/", account_views.revoke_invitation, name="revoke_invitation"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("student/profile/", account_views.student_profile, name="student_profile"),
    path("student/profile/cv/", account_views.student_cv, name="student_cv"),
    path("company/people/", account_views.company_invitations, name="company_invitations"),
    path("staff/invitations/", account_views.staff_invitations, name="staff_invitations"),
    path("", include("internships.urls")),
    path("", include("mentors.urls")),
    path("", include("notifications.urls")),
    path("", include("documents.urls")),
    path("", include("office.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
