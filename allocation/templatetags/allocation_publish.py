"""Publishing's fragments for the staff pages of rounds (alloc-publish)."""

from django import template

from ..views.publishing import second_round_context

register = template.Library()


@register.inclusion_tag("allocation/_second_round.html")
def second_round(round):
    """The button starting a second round for the unmatched students of a published round."""
    return {"round": round, **second_round_context(round)}


@register.inclusion_tag("allocation/_publish_link.html")
def publish_link(run, round):
    """The link to publish a done run of an open round."""
    return {"run": run, "round": round}
