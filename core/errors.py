"""The server-error page: self-contained (no database, no context processors), showing the
request's id so that a user can quote it."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request, template_name="500.html"):
    template = loader.get_template(template_name)
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponseServerError(template.render(context))
