from .queries import unread_count


def unread_notifications(request):
    """The count beside the bell in every signed-in page's header."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(user)}
