"""The answers to a placement's screening questions, shown on the applicant's page to the
host and on the application's page to the student."""

from django import template

from .. import queries

register = template.Library()


@register.inclusion_tag("internships/includes/screening_answers.html")
def screening_answers(application):
    return {"answers": queries.answers_of(application)}
