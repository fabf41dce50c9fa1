from django.shortcuts import render

from accounts.decorators import role_required
from accounts.models import Role

from .. import queries


@role_required(Role.MENTOR)
def mentor_home(request):
    return render(
        request, "mentors/mentor_home.html", {"profile": queries.mentor_profile_of(request.user)}
    )
