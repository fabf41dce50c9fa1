from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# The admin signs in through the app's own login, with its attempt limits (and, later, its
# second factor): its own login form had no limit.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("internships.urls")),
    path("", include("interviews.urls")),
    path("", include("conversations.urls")),
    path("", include("mentors.urls")),
    path("", include("notifications.urls")),
    path("", include("documents.urls")),
    path("", include("agenda.urls")),
    path("", include("reminders.urls")),
    path("", include("allocation.urls")),
    path("", include("privacy.urls")),
    path("", include("office.urls")),
    path("", include("core.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

# The 500 page shows the request's id, so that a user can quote it.
handler500 = "core.errors.server_error"
