from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from accounts import queries as account_queries
from accounts.adapters import home_url_for
from accounts.models import Role
from core.permissions import role_required

from .. import discovery, figures, queries


@login_not_required
def landing(request):
    """The front door: a search box, the newest placements, the programme's public figures
    (cached, the same as /figures/ shows) and a way in for students and hosts."""
    if request.user.is_authenticated:
        return redirect(home_url_for(request.user))
    context = {"placements": queries.recent_placements(), "figures": figures.public_figures()}
    return render(request, "internships/landing.html", context)


@role_required(Role.STUDENT)
def student_home(request):
    profile = account_queries.student_profile_summary_of(request.user)
    return render(
        request,
        "internships/student_home.html",
        {
            "profile": profile,
            "completeness": account_queries.profile_completeness(profile),
            "applications": queries.applications_of_student(request.user)[:5],
            "internships": queries.internships_of_student(request.user),
            "recommendations": discovery.recommended_for(request.user, profile=profile),
        },
    )


@role_required(Role.COMPANY)
def company_home(request):
    organisation = account_queries.organisation_of(request.user)
    return render(
        request,
        "internships/company_home.html",
        {
            "organisation": organisation,
            "members": account_queries.members_of(organisation) if organisation else [],
            "placement_counts": queries.placement_counts_of(organisation) if organisation else {},
        },
    )
