from django.shortcuts import render

from accounts.models import Role
from core.permissions import role_required
from core.views import page_of

from .. import queries


@role_required(Role.MENTOR)
def mentor_home(request):
    """Only the mentor's running interns, and what needs the mentor now."""
    interns = list(queries.interns_of_mentor(request.user))
    context = {
        "profile": queries.mentor_profile_of(request.user),
        "attention": queries.needs_attention(interns, request.user),
        "page": page_of(request, interns),
    }
    return render(request, "mentors/mentor_home.html", context)
