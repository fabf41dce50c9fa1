"""Staff pages of webhooks: the list, registering one (its secret shown once), rotating the
secret, pausing and resuming, a test event, and each webhook's delivery log. Webhooks
belong to service accounts: the staff who manage those (of all faculties, api.rules)
manage webhooks; staff of some faculties get 403 here as on /staff/api/."""

import json

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.views import page_of, run_service

from . import webhook_services as services
from .forms import WebhookForm
from .models import Delivery, WebhookEvent
from .staff_views import manager_only


def _secret_page(request, webhook, secret, *, rotated: bool):
    response = render(
        request,
        "api/webhook_secret.html",
        {"webhook": webhook, "secret": secret, "rotated": rotated},
    )
    response["Cache-Control"] = "no-store"
    return response


@manager_only
@require_GET
def webhook_list(request):
    webhooks = services.webhooks_in_scope(request.user).order_by("-created_at", "-pk")
    return render(request, "api/webhook_list.html", {"page": page_of(request, webhooks)})


@never_cache
@manager_only
@require_http_methods(["GET", "POST"])
def webhook_new(request):
    initial = {"account": request.GET.get("account")} if request.GET.get("account") else None
    form = WebhookForm(request.POST or None, viewer=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.create_webhook,
            show=False,
            account=form.cleaned_data["account"],
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            description=form.cleaned_data["description"],
        )
        if outcome.ok:
            webhook, secret = outcome.value
            return _secret_page(request, webhook, secret, rotated=False)
        for field, errors in outcome.error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return render(request, "api/webhook_form.html", {"form": form})


@manager_only
@require_GET
def webhook_detail(request, pk):
    webhook = get_object_or_404(services.webhooks_in_scope(request.user), pk=pk)
    status = request.GET.get("status", "")
    status = status if status in Delivery.Status.values else ""
    event = request.GET.get("event", "")
    event_choices = [*WebhookEvent.choices, (Delivery.TEST_EVENT, _("Test event"))]
    event = event if event in dict(event_choices) else ""
    deliveries = webhook.deliveries.defer("payload", "attempt_log")
    if status:
        deliveries = deliveries.filter(status=status)
    if event:
        deliveries = deliveries.filter(event_type=event)
    context = {
        "webhook": webhook,
        "page": page_of(request, deliveries.order_by("-created_at", "-pk")),
        "status": status,
        "event": event,
        "statuses": Delivery.Status.choices,
        "event_choices": event_choices,
    }
    return render(request, "api/webhook_detail.html", context)


@manager_only
@require_GET
def delivery_detail(request, pk, delivery_pk):
    webhook = get_object_or_404(services.webhooks_in_scope(request.user), pk=pk)
    delivery = get_object_or_404(webhook.deliveries, pk=delivery_pk)
    context = {
        "webhook": webhook,
        "delivery": delivery,
        "attempts": [
            {**attempt, "moment": parse_datetime(attempt.get("at") or "")}
            for attempt in delivery.attempt_log
        ],
        "payload_text": json.dumps(delivery.payload, indent=2, ensure_ascii=False),
    }
    return render(request, "api/webhook_delivery.html", context)


@never_cache
@manager_only
@require_POST
def webhook_rotate(request, pk):
    webhook = get_object_or_404(services.webhooks_in_scope(request.user), pk=pk)
    outcome = run_service(request, services.rotate_secret, webhook=webhook)
    if outcome.ok:
        return _secret_page(request, webhook, outcome.value, rotated=True)
    return redirect("staff_webhook", pk=webhook.pk)


@manager_only
@require_POST
def webhook_active(request, pk):
    webhook = get_object_or_404(services.webhooks_in_scope(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    run_service(
        request,
        services.set_active,
        webhook=webhook,
        active=active,
        success=_("The webhook is active again: waiting deliveries go out.")
        if active
        else _("The webhook is paused: deliveries wait until it is resumed."),
    )
    return redirect("staff_webhook", pk=webhook.pk)


@manager_only
@require_POST
def webhook_test(request, pk):
    webhook = get_object_or_404(services.webhooks_in_scope(request.user), pk=pk)
    run_service(
        request,
        services.send_test,
        webhook=webhook,
        success=_("A test event is on its way: its delivery is in the log below."),
    )
    return redirect("staff_webhook", pk=webhook.pk)


@manager_only
@require_POST
def delivery_retry(request, pk, delivery_pk):
    webhook = get_object_or_404(services.webhooks_in_scope(request.user), pk=pk)
    delivery = get_object_or_404(webhook.deliveries, pk=delivery_pk)
    run_service(
        request,
        services.retry_now,
        delivery=delivery,
        success=_("The delivery is being tried again."),
    )
    return redirect(reverse("staff_webhook_delivery", args=[webhook.pk, delivery.pk]))
