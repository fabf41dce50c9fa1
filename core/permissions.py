"""Who may do what, decided in each app's `rules.py`; these are the two ways to ask.

Views use one idiom: a role decorator, a lookup scoped to the viewer (outside the scope is
404), and `ensure` for the right to act on what they see (403). Services call `ensure`
too, so a view that forgets to ask still cannot act.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def role_required(*roles: str):
    """Only logged-in accounts of these roles; others get 403 (anonymous: the login page)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def ensure(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied (403) unless `user` has `perm` (on `obj`)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
