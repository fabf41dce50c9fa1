from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from core.permissions import role_required
from core.views import run_service

from .. import queries, services
from ..forms.profile import MentorProfileForm


@role_required(Role.MENTOR)
def mentor_profile(request):
    """The mentor's phone, job title and expertise, which their interns' pages show."""
    profile = queries.mentor_profile_of(request.user)
    form = MentorProfileForm(
        request.POST or None,
        initial={f: getattr(profile, f) for f in MentorProfileForm.Meta.fields},
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.update_mentor_profile,
            show=False,
            profile=profile,
            **form.service_arguments(),
        )
        if outcome.ok:
            messages.success(request, _("Your details are saved."))
            return redirect("mentor_profile")
        form.add_error(None, outcome.text)
    status = 400 if form.errors else 200
    return render(
        request, "mentors/mentor_profile.html", {"form": form, "profile": profile}, status=status
    )
