"""The programme's public figures for pages of the apps below office (the landing page):
`{% load figures %}{% public_figures as figures %}`."""

from django import template

from .. import stats

register = template.Library()


@register.simple_tag
def public_figures() -> dict:
    """The figures of /figures/, from the cache (counted again after a change)."""
    return stats.public_figures()
