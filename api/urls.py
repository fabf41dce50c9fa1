"""The API, version 1, at /api/v1/ (config/urls.py). Each helper appends its routes in its
own block below."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    # api-core
    path("programmes/", views.ProgrammeList.as_view(), name="programmes"),
    path("periods/", views.PeriodList.as_view(), name="periods"),
]

# api-data: students and the roster sync, placements, applications, internships,
# certificates and their public check by code (api/data_urls.py).
from . import data_urls  # noqa: E402

urlpatterns += data_urls.urlpatterns
