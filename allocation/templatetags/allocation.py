"""The parts of allocation rounds other apps' pages show, so that those apps need not import
this one: the menu's link to the rounds that concern a student now, and the home pages'
section of them (alloc-rank)."""

from django import template

from accounts.models import Role

from .. import queries

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def current_rounds(context) -> list:
    """The open rounds that concern the viewer now (a student's; one query, kept for the
    rest of the request)."""
    request = context.get("request")
    user = _user(context)
    if not (user and user.is_authenticated and user.role == Role.STUDENT):
        return []
    if request is not None:
        if not hasattr(request, "_current_rounds"):
            request._current_rounds = queries.current_rounds_of_student(user)
        return request._current_rounds
    return queries.current_rounds_of_student(user)


@register.inclusion_tag("allocation/_nav_item.html", takes_context=True)
def rounds_nav_item(context):
    """The menu's link to the student's current rounds. Not in base.html's menu yet: it costs
    one query on every student page, which each page's pinned query budget must allow first."""
    rounds = current_rounds(context)
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return {
        "rounds": rounds,
        "current": bool(match and match.url_name in ("student_rounds", "student_round")),
    }


@register.inclusion_tag("allocation/_home_rounds.html", takes_context=True)
def home_rounds(context):
    """The home page's section: a student's current rounds, or a host's rounds."""
    user = _user(context)
    if user and user.is_authenticated and user.role == Role.COMPANY:
        rounds = queries.rounds_of_host(user).filter(status="open")
        return {"rounds": list(rounds), "role": Role.COMPANY}
    return {"rounds": current_rounds(context), "role": Role.STUDENT}
