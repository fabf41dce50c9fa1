"""The tripartite agreement: each party's confirmation, and staff's two ways of
opening the logbook without it (a reason, or the scan of a paper agreement)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.files import stored_pdf
from core import audit
from core.permissions import ensure
from core.views import form_errors, run_service
from internships.queries import internships_visible_to

from .. import services
from ..forms.agreements import ConfirmForm, LanguageForm, OverrideForm, PaperAgreementForm
from ..models import Agreement


def _scoped(request, pk, *related):
    """The internship if the viewer may see it (else 404)."""
    return get_object_or_404(internships_visible_to(request.user).select_related(*related), pk=pk)


@require_POST
def agreement_confirm(request, pk):
    """A party confirms the version whose PDF's digest the form carries."""
    internship = _scoped(request, pk, "student")
    ensure(request.user, "internships.confirm_agreement", internship)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            services.confirm_agreement,
            success=_("You have confirmed the internship agreement."),
            internship=internship,
            sha256=form.cleaned_data["sha256"],
        )
    return redirect(internship)


@require_POST
def agreement_language(request, pk):
    internship = _scoped(request, pk)
    ensure(request.user, "internships.confirm_agreement", internship)
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            services.set_agreement_language,
            success=_("The language of the agreement is saved."),
            internship=internship,
            language=form.cleaned_data["language"],
        )
    return redirect(internship)


@require_POST
def agreement_override(request, pk):
    internship = _scoped(request, pk)
    ensure(request.user, "internships.moderate")
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            services.override_agreement,
            success=_("The logbook is open without every confirmation of the agreement."),
            internship=internship,
            reason=form.cleaned_data["override_reason"],
        )
    return redirect(internship)


@require_POST
def agreement_paper(request, pk):
    internship = _scoped(request, pk)
    ensure(request.user, "internships.moderate")
    form = PaperAgreementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            services.record_paper_agreement,
            success=_("The paper agreement is recorded and the logbook is open."),
            internship=internship,
            scan=form.cleaned_data["scan"],
        )
    return redirect(internship)


def agreement_scan(request, pk):
    internship = _scoped(request, pk)
    agreement = Agreement.objects.filter(internship=internship).exclude(paper_scan="").first()
    if agreement is None:
        raise Http404(_("No scan of a paper agreement was recorded."))
    response = stored_pdf(
        request,
        agreement.paper_scan,
        filename="agreement-scan.pdf",
        advice=_("Ask the internship office to scan the signed agreement again."),
    )
    return audit.served(response, internship, request=request, kind="agreement_scan")
