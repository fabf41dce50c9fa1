"""The certificate's panel on the internship page (mentors.panels)."""

from mentors.panels import register

from . import queries

register(
    "documents/_certificate.html",
    lambda internship, viewer: {"certificates": queries.certificates_of_internship(internship)},
)
