"""The inbox and one application's conversation, for the student and for the host."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from core import ratelimit
from core.permissions import ensure, role_required
from core.views import page_of, run_service

from . import queries, services
from .forms import MessageForm
from .models import Message


@role_required(Role.STUDENT, Role.COMPANY)
@require_GET
def inbox(request):
    page = page_of(request, queries.inbox(request.user))
    return render(request, "conversations/inbox.html", {"page_obj": page})


@require_http_methods(["GET", "POST"])
def conversation(request, pk):
    """The thread, oldest first, and the form to write in it. Someone who may not read it
    (another student, another organisation, a mentor) gets 404; staff read it only."""
    application = get_object_or_404(queries.threads_of(request.user), pk=pk)
    ensure(request.user, "conversations.read", application)
    may_write = request.user.has_perm("conversations.write", application)
    ongoing = queries.is_ongoing(application)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if refusal := _refusal(may_write=may_write, ongoing=ongoing):
            messages.error(request, refusal)
            return redirect("conversation", pk=application.pk)
        status, sent = _send(request, application, form)
        if sent is not None:
            messages.success(request, _("Your message was sent."))
            return redirect(sent)
    context = {"application": application, "may_write": may_write, "ongoing": ongoing}
    context.update(_thread(request, application, may_write=may_write))
    context["form"] = form if may_write and ongoing else None
    return render(request, "conversations/conversation.html", context, status=status)


def _refusal(*, may_write: bool, ongoing: bool) -> str:
    if not may_write:
        return _("Only the student and the organisation write here. Your message was not sent.")
    if not ongoing:
        return _("This conversation is closed. Your message was not sent.")
    return ""


def _send(request, application, form) -> tuple[int, Message | None]:
    """Post the form's message: the message once sent, else the status of the page that
    shows why not (the text stays in the form)."""
    if not ratelimit.hit("messages", str(request.user.pk), settings.MESSAGES_RATE_LIMIT):
        form.is_valid()
        form.add_error(
            None, _("You are sending messages too quickly. Wait a minute, then send it again.")
        )
        return 429, None
    if not form.is_valid():
        return 400, None
    outcome = run_service(
        request,
        services.post_message,
        show=False,
        application=application,
        body=form.cleaned_data["body"],
    )
    if outcome.ok:
        return 302, outcome.value
    form.add_error("body", outcome.text)
    return 400, None


def _before(request) -> int | None:
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        return None
    return before if before > 0 else None


def _thread(request, application, *, may_write: bool) -> dict:
    """The latest messages (settings.CONVERSATION_PAGE_SIZE of them, or those before
    `?before=<id>`), and how far the viewer had read before this visit (to mark the new
    ones); reading the latest page reads the thread. Staff read without a marker of their
    own."""
    before = _before(request)
    thread, older = queries.latest_messages_of(
        application, before=before, limit=settings.CONVERSATION_PAGE_SIZE
    )
    context = {"thread": thread, "read_up_to": 0, "older_before": older, "before": before}
    if may_write:
        read_up_to = queries.last_read_id(request.user, application)
        if before is None and thread and thread[-1].pk > read_up_to:
            services.mark_read(application=application, by=request.user, up_to=thread[-1])
        context["read_up_to"] = read_up_to
    return context
