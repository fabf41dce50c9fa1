"""An organisation's public page: who it is, its open placements and how past interns rate it."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from accounts.models import Organisation

from .. import queries


@login_not_required
def organisation_page(request, pk):
    organisation = queries.public_organisation(request.user, pk)
    website = organisation.website if organisation.website.lower().startswith("https://") else ""
    context = {
        "organisation": organisation,
        "is_public": organisation.status == Organisation.Status.VERIFIED,
        "website": website,
        "placements": list(queries.open_placements_of(organisation)),
        "rating": queries.host_rating_of(organisation),
    }
    return render(request, "mentors/organisation_page.html", context)
