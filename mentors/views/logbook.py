"""Logbook pages: the intern records days and submits them, the host tutor approves or
returns them, everyone who may see the internship reads it and exports it (CSV, PDF)."""

import csv
from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.permissions import ensure
from core.views import form_errors, is_id, run_service

from .. import queries, services
from ..forms.logbook import LogbookEntryForm, ReturnForm
from ..models import LogbookEntry

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _weeks(entries):
    """Entries grouped by ISO week (Monday to Sunday), the latest week first."""
    weeks = {}
    for entry in entries:
        monday = entry.date - timedelta(days=entry.date.weekday())
        week = weeks.setdefault(
            monday,
            {"monday": monday, "sunday": monday + timedelta(days=6), "entries": [], "hours": 0},
        )
        week["entries"].append(entry)
        week["hours"] += entry.hours
    for week in weeks.values():
        week["submitted"] = sum(
            1 for e in week["entries"] if e.status == LogbookEntry.Status.SUBMITTED
        )
    return [weeks[monday] for monday in sorted(weeks, reverse=True)]


def _logbook_page(request, internship, form):
    entries = list(queries.logbook_of(internship))
    user = request.user
    return render(
        request,
        "mentors/logbook.html",
        {
            "internship": internship,
            "weeks": _weeks(entries),
            "entry_count": len(entries),
            "to_submit": sum(1 for e in entries if e.is_editable),
            "can_keep": user.has_perm("mentors.keep_logbook", internship),
            "can_review": user.has_perm("mentors.review_logbook", internship),
            "is_open": internship.status == internship.Status.ACTIVE,
            "form": form,
        },
    )


def logbook(request, pk):
    internship = queries.internship_detail(request.user, pk)
    can_keep = request.user.has_perm("mentors.keep_logbook", internship)
    if request.method == "POST":
        ensure(request.user, "mentors.keep_logbook", internship)
    form = LogbookEntryForm(request.POST or None, internship=internship) if can_keep else None
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.add_entry,
            show=False,
            internship=internship,
            **form.service_arguments(),
        )
        if outcome.ok:
            messages.success(
                request, _("The day is in your logbook. Submit it to your tutor when ready.")
            )
            return redirect("logbook", pk=internship.pk)
        form.add_error(None, outcome.text)
    return _logbook_page(request, internship, form)


def logbook_entry_edit(request, pk, entry_pk):
    internship = queries.internship_detail(request.user, pk)
    entry = get_object_or_404(queries.logbook_of(internship), pk=entry_pk)
    ensure(request.user, "mentors.keep_logbook", internship)
    initial = {
        "date": entry.date,
        "hours": entry.hours,
        "activities": entry.activities,
        "skills": list(entry.skills.all()),
    }
    form = LogbookEntryForm(request.POST or None, initial=initial, internship=internship)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, services.update_entry, show=False, entry=entry, **form.service_arguments()
        )
        if outcome.ok:
            messages.success(request, _("The entry was saved."))
            return redirect("logbook", pk=internship.pk)
        form.add_error(None, outcome.text)
    return render(
        request,
        "mentors/logbook_entry_form.html",
        {"internship": internship, "entry": entry, "form": form},
    )


@require_POST
def logbook_submit(request, pk):
    internship = queries.internship_detail(request.user, pk)
    ensure(request.user, "mentors.keep_logbook", internship)
    run_service(
        request,
        services.submit_entries,
        success=lambda count: (
            ngettext(
                "%(count)d entry was sent to your tutor for approval.",
                "%(count)d entries were sent to your tutor for approval.",
                count,
            )
            % {"count": count}
        ),
        internship=internship,
    )
    return redirect("logbook", pk=internship.pk)


def _approval_choice(post):
    """The entries (entry_ids) or the week (week_of, any day of it) the tutor approves."""
    values = [value.strip() for value in post.getlist("entry_ids") if value.strip()]
    if not all(is_id(value) for value in values):
        return None
    entry_ids = [int(value) for value in values]
    week_of = parse_date(post.get("week_of", "").strip() or "0")
    if not entry_ids and week_of is None:
        return None
    return {"entry_ids": entry_ids or None, "week_of": week_of}


@require_POST
def logbook_approve(request, pk):
    internship = queries.internship_detail(request.user, pk)
    ensure(request.user, "mentors.review_logbook", internship)
    try:
        choice = _approval_choice(request.POST)
    except ValueError:  # a well-formed but impossible date, such as 2025-02-30
        choice = None
    if choice is None:
        messages.error(request, _("Choose the entries or the week to approve."))
        return redirect("logbook", pk=internship.pk)
    run_service(
        request,
        services.approve_entries,
        success=lambda count: (
            ngettext("%(count)d entry approved.", "%(count)d entries approved.", count)
            % {"count": count}
        ),
        internship=internship,
        **choice,
    )
    return redirect("logbook", pk=internship.pk)


@require_POST
def logbook_return(request, pk, entry_pk):
    internship = queries.internship_detail(request.user, pk)
    entry = get_object_or_404(queries.logbook_of(internship), pk=entry_pk)
    ensure(request.user, "mentors.review_logbook", internship)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("logbook", pk=internship.pk)
    run_service(
        request,
        services.return_entry,
        success=lambda _entry: (
            _("The entry of %(date)s was returned to the student.")
            % {"date": date_format(entry.date, "DATE_FORMAT")}
        ),
        entry=entry,
        comment=form.cleaned_data["comment"],
    )
    return redirect("logbook", pk=internship.pk)


def _csv_cell(value) -> str:
    """A spreadsheet must not run a cell as a formula: such cells start with an apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def logbook_csv(request, pk):
    internship = queries.internship_detail(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="logbook.csv"'
    response.write("\ufeff")  # the byte order mark makes Excel read UTF-8 (ă, ș, ț)
    writer = csv.writer(response)
    writer.writerow(
        [_("Date"), _("Hours"), _("Status"), _("Activities"), _("Skills"), _("Tutor's comment")]
    )
    for entry in queries.logbook_of(internship):
        row = [
            entry.date.isoformat(),
            entry.hours,
            entry.get_status_display(),
            entry.activities,
            ", ".join(str(skill) for skill in entry.skills.all()),
            entry.review_comment,
        ]
        writer.writerow([_csv_cell(cell) for cell in row])
    return response
