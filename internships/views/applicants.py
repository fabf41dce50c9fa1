"""A host's applicants to a placement: the board and the table, changes to several at once,
the exports, and the organisation's saved rejection messages."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import Role
from core import exports
from core.permissions import role_required
from core.views import form_errors, next_url, page_of, run_service, wants_fragment

from .. import queries, services
from ..exports import APPLICANT_COLUMNS
from ..filters import PipelineFilter
from ..forms.company import BULK_MOVES, BulkActionForm, RejectForm, RejectionTemplateForm
from ..models import Application
from .company import _organisation, _placement

# The board and the table --------------------------------------------------------------


PIPELINE_VIEWS = ("board", "table")
ENDED_STATUSES = [s for s in Application.Status if s.value not in Application.OPEN_STATUSES]


def _board(request, applicants, *, base) -> list[dict]:
    """The open applicants in a column per step, in the order of the filter's sort: at most
    settings.PIPELINE_BOARD_COLUMN_MAX a column, the rest counted and linked to the table
    (filtered by that step). Two queries, however many applicants."""
    open_ones = applicants.filter(status__in=Application.OPEN_STATUSES)
    cap = settings.PIPELINE_BOARD_COLUMN_MAX
    totals = dict(
        open_ones.order_by()
        .values("status")
        .annotate(n=Count("pk", distinct=True))
        .values_list("status", "n")
    )
    # Numbered over `base` (one row per applicant): the filters' joins (skills) would number
    # an applicant's duplicates before DISTINCT removes them.
    order = list(open_ones.query.order_by) or ["-created_at", "-pk"]
    ranked = (
        base.filter(pk__in=open_ones.order_by().values("pk"))
        .order_by(*order)
        .annotate(
            column_rank=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=order,
            )
        )
        .filter(column_rank__lte=cap)
    )
    columns = {status: [] for status in Application.OPEN_STATUSES}
    for application in ranked:
        columns[application.status].append(application)
    board = []
    for status, cards in columns.items():
        total = totals.get(status, 0)
        query = request.GET.copy()
        for name in ("page", "export", "status", "view"):
            query.pop(name, None)
        query.update({"view": "table", "status": status})
        board.append(
            {
                "status": status,
                "label": Application.Status(status).label,
                "cards": cards,
                "total": total,
                "more": total - len(cards),
                "more_url": f"?{query.urlencode()}",
            }
        )
    return board


@role_required(Role.COMPANY)
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def pipeline(request, pk):
    """A placement's applicants as a board (a column per open step) or a table, the same
    filters on both; `export=csv|xlsx` gives every filtered applicant as a file."""
    placement = _placement(request, pk)
    applicants = PipelineFilter(request.GET, queryset=queries.pipeline(placement))
    fmt = exports.requested_format(request)
    if fmt and applicants.is_valid():
        return exports.export(
            fmt,
            rows=applicants.qs,
            columns=APPLICANT_COLUMNS,
            name=f"{pgettext('file name', 'applicants')}-{placement.title}",
            viewer=request.user,
            filters=request.GET,
        )
    if fmt:
        messages.error(request, _("Correct the filters below before exporting."))
    view = request.GET.get("view") if request.GET.get("view") in PIPELINE_VIEWS else "board"
    counts = queries.status_counts(placement)
    context = {
        "placement": placement,
        "filter": applicants,
        "view": view,
        "counts": [(value, label, counts[value]) for value, label in Application.Status.choices],
        "ended": [(s.value, s.label, counts[s.value]) for s in ENDED_STATUSES if counts[s.value]],
        "ended_total": sum(counts[s.value] for s in ENDED_STATUSES),
        "total": sum(counts.values()),
        "can_reject_remaining": placement.accepted >= placement.positions
        and placement.open_applicants > 0,
        "reject_form": RejectForm(),
        "bulk_moves": BULK_MOVES,
        "rejection_templates": list(queries.rejection_templates_of(_organisation(request))),
    }
    if view == "board":
        context["board"] = _board(request, applicants.qs, base=queries.pipeline(placement))
        context["board_cards"] = [card for column in context["board"] for card in column["cards"]]
    else:
        context["page"] = page_of(request, applicants.qs)
    if wants_fragment(request):
        return render(request, "internships/company/_pipeline_results.html", context)
    return render(request, "internships/company/pipeline.html", context)


def _bulk_form(request, placement, data=None) -> BulkActionForm:
    return BulkActionForm(
        data,
        applications=queries.pipeline(placement),
        templates=queries.rejection_templates_of(_organisation(request)),
    )


def _moved_text(count, *, status) -> str:
    return ngettext(
        "%(count)d applicant moved to “%(status)s”.",
        "%(count)d applicants moved to “%(status)s”.",
        count,
    ) % {"count": count, "status": status}


def _declined_text(count) -> str:
    return ngettext(
        "%(count)d applicant declined and told.",
        "%(count)d applicants declined and told.",
        count,
    ) % {"count": count}


def _names(applications) -> str:
    return ", ".join(application.student.display_name for application in applications)


def _already_text(applications, *, status) -> str:
    return ngettext(
        "%(count)d applicant was already “%(status)s”: %(names)s.",
        "%(count)d applicants were already “%(status)s”: %(names)s.",
        len(applications),
    ) % {"count": len(applications), "status": status, "names": _names(applications)}


def _bulk_message(outcome, done_text, already_text, refused_text) -> tuple[str, str, str]:
    """What a bulk change did, in three parts: how many changed, which were already where
    they were to go, and which could not change and why."""
    done = done_text(len(outcome.done)) if outcome.done else ""
    already = already_text(outcome.unchanged) if outcome.unchanged and already_text else ""
    refused = "; ".join(
        _("%(name)s (%(reason)s)")
        % {"name": application.student.display_name, "reason": reason.rstrip(".")}
        for application, reason in outcome.refused
    )
    if refused:
        refused = refused_text(len(outcome.refused)) % {
            "count": len(outcome.refused),
            "list": refused,
        }
    return done, already, refused


def _not_moved(count) -> str:
    return ngettext(
        "%(count)d applicant was not moved: %(list)s.",
        "%(count)d applicants were not moved: %(list)s.",
        count,
    )


def _not_declined(count) -> str:
    return ngettext(
        "%(count)d applicant could not be declined: %(list)s.",
        "%(count)d applicants could not be declined: %(list)s.",
        count,
    )


@role_required(Role.COMPANY)
@require_POST
def pipeline_bulk(request, pk):
    """Move several applicants to a step at once, or decline them with a saved message;
    each goes through the service that changes one, so the rules and notices stay."""
    placement = _placement(request, pk)
    back = next_url(request, reverse("pipeline", args=[placement.pk]))
    form = _bulk_form(request, placement, request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    data = form.cleaned_data
    if data["action"] == "move":
        label = Application.Status(data["to"]).label
        outcome = run_service(
            request,
            services.move_applications,
            show=False,
            applications=list(data["applications"]),
            to=data["to"],
        )
        done_text = partial(_moved_text, status=label)
        already_text = partial(_already_text, status=label)
        refused_text = _not_moved
    else:
        outcome = run_service(
            request,
            services.reject_applications,
            show=False,
            applications=list(data["applications"]),
            template=data["template"],
        )
        done_text = _declined_text
        already_text = None
        refused_text = _not_declined
    if not outcome.ok:
        messages.error(request, outcome.text)
        return redirect(back)
    done, already, refused = _bulk_message(outcome.value, done_text, already_text, refused_text)
    if done:
        messages.success(request, done)
    if already:
        messages.info(request, already)
    if refused:
        messages.warning(request, refused)
    return redirect(back)


@role_required(Role.COMPANY)
def export_all_applicants(request):
    """Every applicant to every placement of the organisation, as CSV or XLSX."""
    fmt = exports.requested_format(request) or "csv"
    return exports.export(
        fmt,
        rows=queries.pipeline_of_organisation(_organisation(request)),
        columns=APPLICANT_COLUMNS,
        name=pgettext_lazy("file name", "applicants"),
        viewer=request.user,
        filters=request.GET,
    )


# Saved rejection messages -------------------------------------------------------------


def _rejection_template(request, pk):
    return get_object_or_404(queries.rejection_templates_of(_organisation(request)), pk=pk)


@role_required(Role.COMPANY)
def rejection_templates(request):
    """The organisation's saved messages for declined applicants, and a form for a new one."""
    organisation = _organisation(request)
    form = RejectionTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.create_rejection_template,
            show=False,
            organisation=organisation,
            name=form.cleaned_data["name"],
            body=form.cleaned_data["body"],
        )
        if outcome.ok:
            messages.success(request, _("The message is saved."))
            return redirect("rejection_templates")
        form.add_error(None, outcome.error)
    context = {"templates": queries.rejection_templates_of(organisation), "form": form}
    return render(
        request,
        "internships/company/rejection_templates.html",
        context,
        status=400 if form.errors else 200,
    )


@role_required(Role.COMPANY)
def rejection_template_edit(request, pk):
    template = _rejection_template(request, pk)
    form = RejectionTemplateForm(
        request.POST or None, initial={"name": template.name, "body": template.body}
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.update_rejection_template,
            show=False,
            template=template,
            name=form.cleaned_data["name"],
            body=form.cleaned_data["body"],
        )
        if outcome.ok:
            messages.success(request, _("The message is saved."))
            return redirect("rejection_templates")
        form.add_error(None, outcome.error)
    return render(
        request,
        "internships/company/rejection_template_form.html",
        {"form": form, "template": template},
        status=400 if form.errors else 200,
    )


@role_required(Role.COMPANY)
@require_POST
def rejection_template_archive(request, pk):
    run_service(
        request,
        services.archive_rejection_template,
        success=_("The message is removed."),
        template=_rejection_template(request, pk),
    )
    return redirect("rejection_templates")
