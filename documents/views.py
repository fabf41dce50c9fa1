"""Documents: certificates (issuing, downloading, revoking and reissuing them, a period's
batch in the background, the public verification), and the agreement and logbook PDFs."""

import logging
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.faculties import manages_faculties
from accounts.files import file_missing, stored_pdf
from accounts.models import Role, University
from core import audit, ratelimit
from core.permissions import role_required
from core.requestid import client_address
from core.views import list_or_export, run_service, wants_fragment
from internships import queries as internship_queries
from internships.models import AgreementVersion
from internships.queries import internships_visible_to
from internships.services import current_version
from mentors import queries as mentor_queries

from . import queries, services, signing
from .agreements import served_pdf
from .amendments import amendment_pdf as render_amendment_pdf
from .forms import (
    CodeForm,
    IssueAgainForm,
    PeriodChoiceForm,
    ReasonForm,
    UploadForm,
    is_well_formed,
    normalise_code,
)
from .models import Certificate, IssueJob
from .pdf.certificate import mark_revoked
from .pdf.evaluation import evaluation_pdf as render_evaluation_pdf
from .pdf.evaluation import result_pdf as render_result_pdf
from .pdf.logbook import logbook_pdf as render_logbook_pdf
from .reports import CERTIFICATES

LANGUAGES = dict(Certificate.LANGUAGES)
VERSION_NUMBER = re.compile(r"[0-9]{1,6}")

logger = logging.getLogger(__name__)
RUNNING = (IssueJob.Status.QUEUED, IssueJob.Status.RUNNING)


# Issuing, downloading, revoking ------------------------------------------------------


@role_required(Role.STAFF)
@require_POST
def certificate_issue(request, pk):
    internship = get_object_or_404(internships_visible_to(request.user), pk=pk)
    run_service(
        request,
        services.issue_certificate,
        success=lambda certificate: (
            _("Certificate %(serial)s is issued.") % {"serial": certificate.serial}
        ),
        internship=internship,
    )
    return redirect(internship)


def certificate_download(request, pk, language):
    if language not in LANGUAGES:
        raise Http404
    certificate = get_object_or_404(queries.certificates_visible_to(request.user), pk=pk)
    stored = certificate.pdf_ro if language == "ro" else certificate.pdf_en
    filename = f"{certificate.serial}-{language}.pdf"
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        return file_missing(
            request,
            stored.name,
            advice=_("Ask the internship office to issue the certificate again."),
        )
    if certificate.is_valid:
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type="application/pdf"
        )
    else:
        # Never the stored, unmarked copy: a revoked certificate carries its mark everywhere.
        with handle as pdf:
            content = mark_revoked(
                pdf.read(),
                language,
                revoked_on=timezone.localdate(certificate.revoked_at),
                serial=certificate.serial,
            )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Revalidated on every download: a copy kept from before a revocation is never reused.
    patch_cache_control(response, private=True, no_cache=True)
    return audit.served(response, certificate, request=request, kind="certificate")


def _with_reason(request, pk, service, success: str, form_class=ReasonForm):
    """Revoke, reissue or issue again: the reason is required; the service decides the rest."""
    certificate = get_object_or_404(
        queries.certificates_visible_to(request.user).select_related("internship"), pk=pk
    )
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(certificate.internship)
    run_service(
        request,
        service,
        success=lambda result: success % {"old": certificate.serial, "new": result.serial},
        certificate=certificate,
        reason=form.cleaned_data["reason"],
    )
    return redirect(certificate.internship)


@role_required(Role.STAFF)
@require_POST
def certificate_revoke(request, pk):
    return _with_reason(
        request, pk, services.revoke_certificate, _("Certificate %(old)s is revoked.")
    )


@role_required(Role.STAFF)
@require_POST
def certificate_reissue(request, pk):
    return _with_reason(
        request,
        pk,
        services.reissue_certificate,
        _("Certificate %(old)s is revoked and replaced by %(new)s."),
    )


@role_required(Role.STAFF)
@require_POST
def certificate_issue_again(request, pk):
    return _with_reason(
        request,
        pk,
        services.issue_again,
        _("Certificate %(old)s was revoked; %(new)s is issued in its place."),
        form_class=IssueAgainForm,
    )


# A period's certificates and the background job ----------------------------------------


@role_required(Role.STAFF)
def staff_certificates(request):
    """Every certificate of the viewer's faculties, filtered; a period's summary and issuing
    when one is chosen (the latest with completed internships when no filter is asked
    for). `export=csv|xlsx` gives every filtered certificate as a file."""
    return list_or_export(request, CERTIFICATES)


def _batches_are_for_all_faculties(user) -> None:
    if not manages_faculties(user):
        raise PermissionDenied


@role_required(Role.STAFF)
@require_POST
def issue_job_start(request):
    _batches_are_for_all_faculties(request.user)
    form = PeriodChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["period"]))
        return redirect("staff_certificates")
    period = form.cleaned_data["period"]
    outcome = run_service(
        request,
        services.start_issue_job,
        success=_("The certificates of %(period)s are being issued.") % {"period": period},
        period=period,
    )
    if not outcome.ok:
        return redirect(reverse("staff_certificates") + "?" + urlencode({"period": period.pk}))
    return redirect("issue_job", pk=outcome.value.pk)


@role_required(Role.STAFF)
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def issue_job(request, pk):
    _batches_are_for_all_faculties(request.user)
    job = get_object_or_404(IssueJob.objects.select_related("period", "started_by"), pk=pk)
    context = {"job": job, "running": job.status in RUNNING, "now": timezone.now()}
    if wants_fragment(request):
        return render(request, "documents/_issue_job.html", context)
    return render(request, "documents/issue_job.html", context)


@role_required(Role.STAFF)
@require_POST
def issue_job_retry(request, pk):
    _batches_are_for_all_faculties(request.user)
    job = get_object_or_404(IssueJob.objects.select_related("period"), pk=pk)
    run_service(
        request,
        services.retry_issue_job,
        success=_("The certificates of %(period)s are being issued again.")
        % {"period": job.period},
        job=job,
    )
    return redirect("issue_job", pk=job.pk)


# Public verification -------------------------------------------------------------------


def _too_many(request):
    response = render(request, "documents/too_many.html", status=429)
    response["Retry-After"] = "60"
    return response


def _unknown(request, code: str):
    context = {"code": code}
    return render(request, "documents/unknown.html", context, status=404)


@login_not_required
def verify(request):
    rate = settings.VERIFY_RATE_LIMIT
    code_form = CodeForm(request.GET if "code" in request.GET else None)
    upload_form = UploadForm()
    context = {"code_form": code_form, "upload_form": upload_form}
    if code_form.is_bound:
        # The lookup itself is counted on the certificate's page; a client already past
        # the limit is stopped here.
        if ratelimit.is_over("verify", client_address(request), rate):
            return _too_many(request)
        if code_form.is_valid():
            code = code_form.cleaned_data["code"]
            if "/" in code:  # cannot be in the page's address, and is no code of ours
                return _unknown(request, code)
            return redirect("verify_certificate", code=code)
        return render(request, "documents/verify.html", context, status=400)
    if request.method == "POST":
        if not ratelimit.hit("verify", client_address(request), rate):
            return _too_many(request)
        upload_form = UploadForm(request.POST, request.FILES)
        context["upload_form"] = upload_form
        if not upload_form.is_valid():
            return render(request, "documents/verify.html", context, status=400)
        content = upload_form.cleaned_data["pdf"]
        certificate, language = services.find_by_pdf(content)
        version, amendment = (
            (None, None) if certificate else services.find_signed_agreement(content)
        )
        context |= {
            "checked": True,
            "certificate": certificate,
            "signed_version": version,
            "signed_amendment": amendment,
            "language": LANGUAGES.get(language),
            "university": University.current().legal_name,
            "signature": signing.verify_pdf(content),
        }
    return render(request, "documents/verify.html", context)


@login_not_required
def verify_certificate(request, code):
    if not ratelimit.hit("verify", client_address(request), settings.VERIFY_RATE_LIMIT):
        return _too_many(request)
    code = normalise_code(code)
    certificate = queries.public_certificate(code) if is_well_formed(code) else None
    if certificate is None:
        return _unknown(request, code)
    context = {"certificate": certificate, "facts": certificate.printed_facts}
    return render(request, "documents/verify_certificate.html", context)


# The agreement, the practice file and the evaluation forms as PDFs -------------------


def agreement_pdf(request, pk):
    """The agreement's current version (made when the facts changed), or an older one by
    `?version=N`; the university's signed copy once there is one."""
    internship = get_object_or_404(internships_visible_to(request.user), pk=pk)
    current = current_version(internship)
    number = request.GET.get("version", "")
    if number and number != str(current.number):
        if not VERSION_NUMBER.fullmatch(number):  # "²" is a digit to str.isdigit, not to int()
            raise Http404
        version = get_object_or_404(
            AgreementVersion.objects.filter(agreement_id=current.agreement_id), number=int(number)
        )
    else:
        version = current
    try:
        content = served_pdf(version)
    except Exception:
        logger.exception("The PDF of agreement version %s could not be served", version.pk)
        messages.error(
            request,
            _(
                "The agreement's PDF could not be prepared just now, so it cannot be read or "
                "confirmed yet. Try again later."
            ),
        )
        return redirect(internship)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"agreement-{internship.pk}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_cache=True)
    return audit.served(response, internship, request=request, kind="agreement")


def amendment_pdf(request, pk):
    """An amendment's PDF, the one the parties confirm; once signed, the signed file."""
    amendment = get_object_or_404(internship_queries.amendments_visible_to(request.user), pk=pk)
    filename = f"amendment-{amendment.agreement.internship_id}-{amendment.number}.pdf"
    if amendment.signed_pdf:
        response = stored_pdf(
            request,
            amendment.signed_pdf,
            filename=filename,
            advice=_("Ask the internship office to sign the amendment again."),
        )
    else:
        response = _pdf_download(render_amendment_pdf(amendment), filename)
    return audit.served(response, amendment, request=request, kind="amendment")


def _pdf_download(content: bytes, filename: str) -> HttpResponse:
    """A private download (the middleware keeps signed-in answers out of shared caches)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def logbook_pdf(request, pk):
    """The practice file (caiet de practică): whoever sees the internship."""
    internship = mentor_queries.internship_detail(request.user, pk)
    content = render_logbook_pdf(internship, queries.practice_file_entries(internship))
    response = _pdf_download(content, "practice-file.pdf")
    return audit.served(response, internship, request=request, kind="logbook")


def evaluation_pdf(request, pk, kind):
    """A submitted evaluation, for those who read it on the internship's page; a draft, an
    evaluation not written and one the viewer may not read are all 404."""
    internship, evaluation = mentor_queries.evaluation_in_scope(request.user, pk, kind)
    if evaluation is None or not evaluation.is_locked:
        raise Http404
    filename = f"evaluation-{kind}.pdf"
    response = _pdf_download(render_evaluation_pdf(internship, evaluation), filename)
    return audit.served(response, evaluation, request=request, kind="evaluation")


def result_pdf(request, pk):
    """The academic result, for whoever sees it on the internship's page (404 before it is
    recorded)."""
    internship = mentor_queries.internship_detail(request.user, pk)
    result = mentor_queries.result_of(internship)
    if result is None:
        raise Http404
    response = _pdf_download(render_result_pdf(internship, result), "academic-result.pdf")
    return audit.served(response, internship, request=request, kind="result")
