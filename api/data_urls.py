"""The data endpoints' routes (api-data), included by api/urls.py under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import endpoints

router = SimpleRouter(trailing_slash=True)
router.register("students", endpoints.StudentViewSet, basename="api-student")
router.register("placements", endpoints.PlacementViewSet, basename="api-placement")
router.register("applications", endpoints.ApplicationViewSet, basename="api-application")
router.register("internships", endpoints.InternshipViewSet, basename="api-internship")
router.register("certificates", endpoints.CertificateViewSet, basename="api-certificate")

urlpatterns = [
    # Before the router's, so that "sync" and "verify" are not taken for a student number
    # or a serial.
    path("students/sync/", endpoints.RosterSyncView.as_view(), name="api-roster-sync"),
    path(
        "certificates/verify/<str:code>/",
        endpoints.VerifyCertificateView.as_view(),
        name="api-certificate-verify",
    ),
    *router.urls,
]
