"""{{ obj|in_reader_language }}: a name kept in English and Romanian, in the reader's."""

from django import template

from core.text import in_reader_language as _in_reader_language

register = template.Library()


@register.filter
def in_reader_language(obj, field="name"):
    """`{{ programme|in_reader_language }}`, `{{ programme|in_reader_language:"faculty" }}`:
    the Romanian text for a reader of the Romanian pages when there is one, else the
    English (core.text.in_reader_language)."""
    return _in_reader_language(obj, field)
