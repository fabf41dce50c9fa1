"""What the agreements print that staff set: the university's details and logo, and the
articles of the agreement in each language (each save a new version, with its history)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.models import Role, University
from core.permissions import role_required
from core.views import page_of, run_service
from internships import queries as internship_queries
from internships.agreement_defaults import text_in
from internships.models import AgreementText
from internships.services.agreement_texts import LANGUAGES, save_agreement_text

from ..forms.setup import AgreementTextForm, UniversityForm


@role_required(Role.STAFF)
def staff_university(request):
    university = University.current()
    form = UniversityForm(request.POST or None, request.FILES or None, instance=university)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in UniversityForm.Meta.fields}
        outcome = run_service(
            request,
            account_services.save_university,
            show=False,
            data=data,
            logo=form.cleaned_data.get("logo_upload"),
        )
        if outcome.ok:
            messages.success(request, _("The university's details are saved."))
            return redirect("staff_university")
        form.add_error(None, outcome.text)
        university.refresh_from_db()
    context = {"form": form, "university": university}
    return render(
        request, "office/setup/university.html", context, status=400 if form.errors else 200
    )


@role_required(Role.STAFF)
def staff_agreement_text(request, language):
    if language not in LANGUAGES:
        raise Http404
    latest = text_in(language)
    history = internship_queries.agreement_texts(language)
    form = AgreementTextForm(request.POST or None, initial={"body": latest.body if latest else ""})
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            save_agreement_text,
            show=False,
            language=language,
            body=form.cleaned_data["body"],
        )
        if outcome.ok:
            messages.success(
                request,
                _("Version %(number)d of the articles is saved.")
                % {"number": outcome.value.version},
            )
            return redirect("staff_agreement_text", language=language)
        form.add_error(None, outcome.text)
    context = {
        "form": form,
        "language": language,
        "language_name": dict(AgreementText._meta.get_field("language").choices)[language],
        "latest": latest,
        "page": page_of(request, history),
        "languages": LANGUAGES,
    }
    return render(
        request, "office/setup/agreement_text.html", context, status=400 if form.errors else 200
    )
