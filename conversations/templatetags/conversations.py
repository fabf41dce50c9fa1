"""The parts of conversations other apps' pages show, so that those apps need not import
this one: the header's link with the unread count, the link from an application's page,
and the unread counts of a list of applications (one query for the whole list)."""

from django import template

from accounts.models import Role

from .. import queries

register = template.Library()


@register.inclusion_tag("conversations/_header_link.html", takes_context=True)
def unread_messages_link(context):
    """The header's "Messages" link with the viewer's unread count (one query), for the
    students and hosts who write in conversations."""
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = bool(user and user.is_authenticated and user.role in (Role.STUDENT, Role.COMPANY))
    return {
        "shown": shown,
        "unread": queries.unread_total(user) if shown else 0,
        "current": shown
        and request.resolver_match is not None
        and request.resolver_match.url_name == "conversations_inbox",
    }


@register.inclusion_tag("conversations/_application_link.html", takes_context=True)
def conversation_link(context, application):
    """The link from an application's page to its conversation, with its unread count."""
    user = context["request"].user
    return {
        "application": application,
        "role": user.role,
        "unread": queries.unread_by_application(user, [application]).get(application.pk, 0),
    }


@register.simple_tag(takes_context=True)
def unread_messages_of(context, applications):
    """{application id: unread messages} for the rows of a list: `{% unread_messages_of
    page.object_list as unread %}`, then `{% unread_badge unread application %}` per row."""
    return queries.unread_by_application(context["request"].user, list(applications))


@register.inclusion_tag("conversations/_unread_badge.html")
def unread_badge(unread, application):
    """The unread count of one row, linked to its conversation; nothing when none."""
    return {"application": application, "count": (unread or {}).get(application.pk, 0)}
