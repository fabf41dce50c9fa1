"""Undelivered mail: what waits in the outbox, what waits to be tried again, what failed."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from post_office.models import STATUS

from accounts.models import Role
from core.permissions import role_required
from core.views import next_url, page_of, run_service
from notifications import queries, services

from ..forms.mail import MailFilterForm

STATE_LABELS = {
    STATUS.queued: gettext_lazy("Waiting to be sent"),
    STATUS.requeued: gettext_lazy("Waiting to be tried again"),
    STATUS.failed: gettext_lazy("Delivery failed"),
}


@role_required(Role.STAFF)
@require_GET
def staff_mail(request):
    form = MailFilterForm(request.GET)
    page = page_of(request, queries.undelivered_mail(state=form.state_asked()))
    for email in page:
        email.state_label = STATE_LABELS[email.status]
        email.can_retry = email.status == STATUS.failed
    context = {"form": form, "page": page, "counts": queries.undelivered_counts()}
    return render(request, "office/mail/list.html", context)


@role_required(Role.STAFF)
@require_POST
def staff_mail_retry(request, pk):
    email = get_object_or_404(queries.undelivered_mail(), pk=pk)
    run_service(
        request,
        services.retry_email,
        email=email,
        success=_("The e-mail is queued again: it leaves as soon as the mail server takes it."),
    )
    return redirect(next_url(request, reverse("staff_mail")))
