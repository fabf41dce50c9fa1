"""`{% coming_deadlines %}`: the home pages' section of the person's nearest deadlines. A
template tag, so that the home pages of the apps below agenda can show it without importing
it."""

from django import template

from ..queries import coming_deadlines as nearest_deadlines

register = template.Library()


@register.inclusion_tag("agenda/_coming_deadlines.html", takes_context=True)
def coming_deadlines(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"deadlines": nearest_deadlines(user) if user is not None else []}
