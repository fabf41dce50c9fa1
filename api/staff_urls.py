"""The staff pages of the API, under /staff/api/ (config/urls.py)."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path("", staff_views.accounts, name="staff_api_accounts"),
    path("new/", staff_views.account_new, name="staff_api_account_new"),
    path("<int:pk>/", staff_views.account, name="staff_api_account"),
    path("<int:pk>/edit/", staff_views.account_edit, name="staff_api_account_edit"),
    path("<int:pk>/switch/", staff_views.account_switch, name="staff_api_account_switch"),
    path("<int:pk>/tokens/", staff_views.token_new, name="staff_api_token_new"),
    path(
        "<int:pk>/tokens/<int:token_pk>/revoke/",
        staff_views.token_revoke,
        name="staff_api_token_revoke",
    ),
]
