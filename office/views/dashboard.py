"""The staff home (a dashboard of the chosen period and programme) and the public figures."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.permissions import role_required
from internships import figures as programme_figures

from .. import charts, stats
from ..forms.dashboard import DashboardChoiceForm


def _week(row) -> str:
    return pgettext("ISO week number, short", "W%(week)s") % {"week": row["week"]}


def _charts(figures: dict) -> dict:
    """The dashboard's charts, drawn from the figures already counted (no query)."""
    if "funnel" not in figures:
        return {}
    return {
        "funnel": charts.bar_chart(
            _("Applications of the period, by status"),
            [(row["label"], row["count"]) for row in figures["funnel"]],
        ),
        "sector": charts.bar_chart(
            _("Students placed, by sector of the host"),
            [(row["label"], row["count"]) for row in figures["by_sector"]],
        ),
        "county": charts.bar_chart(
            _("Students placed, by county"),
            [(row["label"], row["count"]) for row in figures["by_county"]],
        ),
        "weekly": charts.column_chart(
            _("Approved logbook hours per week"),
            [(_week(row), row["hours"]) for row in figures["weekly_hours"]],
        ),
    }


@role_required(Role.STAFF)
def staff_home(request):
    period, programme, ignored = DashboardChoiceForm(
        request.GET or None, viewer=request.user
    ).choice(stats.default_period)
    figures = stats.dashboard(period, programme, viewer=request.user)
    context = {
        "form": DashboardChoiceForm(
            initial={"period": period, "programme": programme}, viewer=request.user
        ),
        "period": period,
        "programme": programme,
        "ignored": ignored,
        "figures": figures,
        "charts": _charts(figures),
        # Staff a sign-on created work for no faculty until someone assigns them one.
        "no_faculty": not request.user.all_faculties and not request.user.faculties.exists(),
    }
    return render(request, "office/dashboard/staff_home.html", context)


@role_required(Role.STAFF)
@require_POST
def staff_recount(request):
    """Count the period's figures now (they are kept for a few minutes), then show them."""
    period, programme, _ignored = DashboardChoiceForm(request.POST, viewer=request.user).choice(
        stats.default_period
    )
    stats.dashboard(period, programme, viewer=request.user, fresh=True)
    choice = {"period": period.pk if period else "", "programme": programme.pk if programme else ""}
    return redirect(f"{reverse('staff_home')}?{urlencode({k: v for k, v in choice.items() if v})}")


@login_not_required
def public_figures(request):
    figures = programme_figures.public_figures()
    chart = None
    if figures.get("by_sector"):
        chart = charts.bar_chart(
            _("Students placed in %(period)s, by sector of the host")
            % {"period": figures["period"]["name"]},
            [(row["label"], row["count"]) for row in figures["by_sector"]],
        )
    context = {"figures": figures, "chart": chart}
    return render(request, "office/dashboard/public_figures.html", context)
