"""The API's routes under /api/v1/ (issue #19)."""

urlpatterns = []

# api-data: students, roster sync, placements, applications, internships, certificates.
from . import data_urls  # noqa: E402

urlpatterns += data_urls.urlpatterns
