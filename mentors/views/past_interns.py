from django.shortcuts import render

from accounts.models import Role
from core.permissions import role_required
from core.views import page_of

from .. import queries
from ..forms.past_interns import PastInternsFilter


@role_required(Role.MENTOR)
def past_interns(request):
    """The mentor's ended internships, each with a way into its record (read only)."""
    form = PastInternsFilter(request.GET, periods=queries.periods_of_past_interns(request.user))
    interns = queries.past_interns_of(request.user, **form.query())
    context = {"form": form, "page": page_of(request, interns), "filtered": bool(request.GET)}
    return render(request, "mentors/past_interns.html", context)
