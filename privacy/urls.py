from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.notice, name="privacy_notice"),
    path("account/data/", views.my_data, name="privacy_data"),
    path("account/data/export/", views.request_export, name="privacy_export_request"),
    path(
        "account/data/exports/<int:pk>/download/",
        views.download_export,
        name="privacy_export_download",
    ),
    path("account/data/erase/", views.request_erasure, name="privacy_erasure_request"),
    path("account/erased/", views.erasure_requested, name="privacy_erasure_requested"),
    path("staff/privacy/erasures/", views.register, name="privacy_register"),
    path(
        "staff/privacy/erasures/<int:pk>/retry/",
        views.retry_erasure,
        name="privacy_erasure_retry",
    ),
]
