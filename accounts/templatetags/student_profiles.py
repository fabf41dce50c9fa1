"""A student's links, languages and experience, for the pages that show a student to a host
(the applicant page): a tag, so a higher app's page shows them without its view asking."""

from django import template

from accounts.models import StudentExperience, StudentLanguage, StudentLink

register = template.Library()


@register.inclusion_tag("accounts/_student_record.html")
def student_record(profile):
    """Three small queries, one detail page: the lists a host reads beside the CV, as
    <dt>/<dd> pairs for the page's own list of facts."""
    if profile is None:
        return {"profile": None}
    return {
        "profile": profile,
        "links": StudentLink.objects.filter(profile=profile).order_by("pk"),
        "languages": StudentLanguage.objects.filter(profile=profile).order_by("pk"),
        "experiences": StudentExperience.objects.filter(profile=profile),
    }
