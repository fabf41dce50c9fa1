"""Project-wide middleware."""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


def private_cache_for_users(get_response):
    """A page answered to a signed-in user is theirs: `Cache-Control: private`, so that no
    shared cache (a proxy, a CDN) keeps it for someone else, and `Vary: Cookie`. A response
    that already says how to cache it is left as it is; anonymous pages keep their headers."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        return response

    return middleware


def permissions_policy(get_response):
    """Every response turns off the browser features the product never uses."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def without_vary(get_response):
    """A response marked `varies_on_nothing` (a public logo: the same bytes for everyone, in
    every language) goes out without the `Vary` the session and locale middleware add, so a
    shared cache keeps one copy for all. Outermost, so it runs after them."""

    def middleware(request):
        response = get_response(request)
        if getattr(response, "varies_on_nothing", False) and response.has_header("Vary"):
            del response["Vary"]
        return response

    return middleware
