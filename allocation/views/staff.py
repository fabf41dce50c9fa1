"""Staff pages of allocation rounds: the list, setting a round up, opening and cancelling
it, quotas, pins, running the allocation (a background job with its progress), the preview
of a run and its CSV files."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.faculties import sees_student
from accounts.models import Role
from core.exports import FORMATS, export, requested_format
from core.permissions import ensure, role_required
from core.views import form_errors, is_id, page_of, run_service, wants_fragment

from .. import queries, running
from ..exports import INSTANCE_COLUMNS, instance_rows, result_columns
from ..models import Pin, Quota, Round, Run
from ..services import rounds as round_services
from ..services import runs as run_services
from ..staff_forms import CancelForm, MatchFilterForm, PinForm, QuotaForm, RoundForm

UNMATCHED_SHOWN = 50


def _round(request, pk) -> Round:
    """A round the viewer sees (404 otherwise), after checking the right to manage (403)."""
    ensure(request.user, "allocation.manage_rounds")
    return get_object_or_404(queries.rounds_for_staff(request.user), pk=pk)


def _run(request, pk) -> Run:
    ensure(request.user, "allocation.manage_rounds")
    try:
        return queries.run_for_staff(request.user, pk)
    except Run.DoesNotExist as missing:
        raise Http404 from missing


@role_required(Role.STAFF)
def staff_rounds(request):
    ensure(request.user, "allocation.manage_rounds")
    page = page_of(request, queries.round_list(request.user))
    return render(request, "allocation/staff_rounds.html", {"page": page})


def _round_form_page(request, *, round=None):
    form = RoundForm(
        request.POST or None,
        instance=round,
        viewer=request.user,
        rounds=queries.rounds_for_staff(request.user),
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            round_services.save_round,
            show=False,
            data=form.values(),
            programmes=form.cleaned_data["programmes"],
            round=round,
        )
        if outcome.ok:
            messages.success(request, _("Round “%(name)s” saved.") % {"name": outcome.value.name})
            return redirect("staff_round", pk=outcome.value.pk)
        form.add_error(None, outcome.text)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "allocation/staff_round_form.html", {"form": form, "round": round}, status=status
    )


@role_required(Role.STAFF)
def staff_round_create(request):
    ensure(request.user, "allocation.manage_rounds")
    return _round_form_page(request)


@role_required(Role.STAFF)
def staff_round_edit(request, pk):
    round = _round(request, pk)
    if round.status != Round.Status.DRAFT:
        messages.error(request, _("Only a round being prepared can be changed."))
        return redirect("staff_round", pk=round.pk)
    return _round_form_page(request, round=round)


@role_required(Role.STAFF)
def staff_round(request, pk):
    round = _round(request, pk)
    placements = queries.round_placements(round)
    programmes = round.programmes.order_by("name")
    runs = list(queries.runs_of(round)[:10])
    active_run = next((run for run in runs if run.status in Run.ACTIVE), None)
    context = {
        "round": round,
        "programmes": programmes,
        "counts": queries.round_counts(round),
        "quotas": queries.quotas_of(round),
        "pins": queries.pins_of(round),
        "runs": runs,
        "active_run": active_run,
        "active_stale": active_run is not None
        and (active_run.heartbeat_at or active_run.created_at) < running.stale_before(),
        "stale_minutes": settings.ALLOCATION_RUN_STALE_MINUTES,
        "can_run": round.status == Round.Status.OPEN and timezone.now() >= round.hosts_until,
        "editable": round.status in (Round.Status.DRAFT, Round.Status.OPEN),
        "quota_form": QuotaForm(placements=placements, programmes=programmes),
    }
    return render(request, "allocation/staff_round.html", context)


@role_required(Role.STAFF)
@require_POST
def staff_round_open(request, pk):
    round = _round(request, pk)
    run_service(
        request,
        round_services.open_round,
        success=_("The round is open."),
        round=round,
    )
    return redirect("staff_round", pk=round.pk)


@role_required(Role.STAFF)
def staff_round_cancel(request, pk):
    round = _round(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            round_services.cancel_round,
            success=_("The round is cancelled."),
            round=round,
            reason=form.cleaned_data["reason"],
        )
        if outcome.ok:
            return redirect("staff_round", pk=round.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "allocation/staff_round_cancel.html", {"round": round, "form": form}, status=status
    )


@role_required(Role.STAFF)
@require_POST
def staff_round_quota_add(request, pk):
    round = _round(request, pk)
    form = QuotaForm(
        request.POST,
        placements=queries.round_placements(round),
        programmes=round.programmes.all(),
    )
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            round_services.set_quota,
            success=_("Quota saved."),
            round=round,
            **form.cleaned_data,
        )
    return redirect(reverse("staff_round", args=[round.pk]) + "#quotas")


@role_required(Role.STAFF)
@require_POST
def staff_round_quota_remove(request, pk, quota_pk):
    round = _round(request, pk)
    quota = get_object_or_404(Quota, pk=quota_pk, round=round)
    run_service(request, round_services.remove_quota, success=_("Quota removed."), quota=quota)
    return redirect(reverse("staff_round", args=[round.pk]) + "#quotas")


@role_required(Role.STAFF)
def staff_round_pin(request, pk):
    """Pin a student (chosen by e-mail or student number, or by the preview's link)."""
    round = _round(request, pk)
    students = queries.students_in_round(round)
    placements = queries.round_placements(round)
    initial = {}
    wanted = request.GET.get("student", "")
    if is_id(wanted):
        student = students.filter(pk=wanted).first()
        if student is not None and sees_student(request.user, student):
            initial["student"] = student.email
    form = PinForm(request.POST or None, initial=initial, placements=placements, students=students)
    back = request.POST.get("run") or request.GET.get("run") or ""
    if request.method == "POST" and form.is_valid():
        student = form.cleaned_data["student"]
        if not sees_student(request.user, student):
            form.add_error("student", _("No student of this round has that e-mail or number."))
        else:
            outcome = run_service(
                request,
                round_services.pin_student,
                show=False,
                round=round,
                student=student,
                placement=form.cleaned_data["placement"],
                reason=form.cleaned_data["reason"],
            )
            if outcome.ok:
                messages.success(
                    request,
                    _("%(student)s is pinned to “%(placement)s”: run the allocation again.")
                    % {
                        "student": student.display_name,
                        "placement": outcome.value.placement.title,
                    },
                )
                if is_id(back):
                    return redirect("staff_round_run", pk=back)
                return redirect(reverse("staff_round", args=[round.pk]) + "#pins")
            form.add_error(None, outcome.text)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "allocation/staff_round_pin.html",
        {"round": round, "form": form, "run_pk": back if is_id(back) else ""},
        status=status,
    )


@role_required(Role.STAFF)
@require_POST
def staff_round_unpin(request, pk, pin_pk):
    round = _round(request, pk)
    pin = get_object_or_404(Pin.objects.select_related("student"), pk=pin_pk, round=round)
    run_service(
        request,
        round_services.unpin_student,
        success=_("%(student)s is no longer pinned: run the allocation again.")
        % {"student": pin.student.display_name},
        pin=pin,
    )
    back = request.POST.get("run", "")
    if is_id(back):
        return redirect("staff_round_run", pk=back)
    return redirect(reverse("staff_round", args=[round.pk]) + "#pins")


@role_required(Role.STAFF)
@require_POST
def staff_round_start_run(request, pk):
    round = _round(request, pk)
    outcome = run_service(
        request,
        run_services.start_run,
        success=_("The allocation is running."),
        round=round,
    )
    if outcome.ok:
        return redirect("staff_round_run", pk=outcome.value.pk)
    return redirect("staff_round", pk=round.pk)


@role_required(Role.STAFF)
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def staff_round_run(request, pk):
    """A run: its progress while it runs (htmx asks again every 2 s; without JavaScript,
    a reload), and when done the preview: figures, unmatched students, every match."""
    run = _run(request, pk)
    round = run.round
    active = run.status in Run.ACTIVE
    stale = active and (run.heartbeat_at or run.created_at) < running.stale_before()
    context = {
        "run": run,
        "round": round,
        "running": active,
        "stale": stale,
        "stale_minutes": settings.ALLOCATION_RUN_STALE_MINUTES,
    }
    if wants_fragment(request):
        if active:
            return render(request, "allocation/_staff_run_progress.html", context)
        finished = HttpResponse("")
        finished["HX-Refresh"] = "true"  # the whole page, with the preview
        return finished
    if run.status == Run.Status.DONE:
        programmes = round.programmes.order_by("name")
        filters = MatchFilterForm(
            request.GET or None,
            programmes=programmes,
            placements=queries.run_placements(run),
        )
        context.update(
            {
                "filters": filters,
                "page": page_of(request, queries.matches_of(run, **filters.filters())),
                "unmatched": queries.unmatched_of(run)[:UNMATCHED_SHOWN],
                "unmatched_shown": UNMATCHED_SHOWN,
                "pins": queries.pins_of(round),
                "editable": round.status in (Round.Status.DRAFT, Round.Status.OPEN),
                "figures": _localised(run.figures, programmes),
            }
        )
    return render(request, "allocation/staff_run.html", context)


def _localised(figures: dict, programmes) -> dict:
    """The run's figures with each programme named in the viewer's language (the run stored
    the names it read, in English)."""
    names = {programme.pk: programme.display_name for programme in programmes}
    rows = [
        {**row, "name": names.get(row.get("programme"), row.get("name", ""))}
        for row in figures.get("by_programme", [])
    ]
    return {**figures, "by_programme": rows}


def _format(request) -> str:
    fmt = requested_format(request)
    return fmt if fmt in FORMATS else "csv"


@role_required(Role.STAFF)
def staff_round_run_instance(request, pk):
    """The instance the run read, rebuilt from the database with the run's seed, names left
    out (allocation.exports)."""
    run = _run(request, pk)
    build_instance, _allocate = running._engine()
    instance, digest = build_instance(run.round, seed=run.seed)
    return export(
        _format(request),
        rows=instance_rows(run, instance, digest),
        columns=INSTANCE_COLUMNS,
        name=_("Allocation instance %(run)s") % {"run": run.pk},
        viewer=request.user,
        filters=f"run={run.pk}",
    )


@role_required(Role.STAFF)
def staff_round_run_result(request, pk):
    run = _run(request, pk)
    if run.status != Run.Status.DONE:
        raise Http404
    return export(
        _format(request),
        rows=queries.matches_of(run),
        columns=result_columns(run),
        name=_("Allocation result %(run)s") % {"run": run.pk},
        viewer=request.user,
        filters=f"run={run.pk}",
    )
