"""Public media: the few stored files anyone may see (organisation and university logos).

Every other upload (CVs, agreements, certificates) is streamed only by a view that checks
who asks. A public file lives in the storage under `public/` and is an image our own code
wrote (accounts.logos draws each logo again); its name changes with its content, so that it
is served with a year's caching. It is read through Django's storage API, so it works the
same on a disk and on object storage.
"""

from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import reverse
from django.views.decorators.http import require_safe

PUBLIC_PREFIX = "public/"
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
A_YEAR = 365 * 24 * 60 * 60


def public_url(name: str) -> str:
    """The address of a stored public file (`name` as a FileField holds it)."""
    if not name.startswith(PUBLIC_PREFIX):
        raise ValueError(f"{name!r} is not public media")
    return reverse("public_media", kwargs={"name": name.removeprefix(PUBLIC_PREFIX)})


@login_not_required
@require_safe
def public_file(request, name: str):
    """An image of the public media, to anyone; 404 for any other name."""
    parts = PurePosixPath(name).parts
    content_type = CONTENT_TYPES.get(PurePosixPath(name).suffix.lower())
    if content_type is None or not parts or any(p in ("", ".", "..") for p in parts):
        raise Http404
    if "\\" in name or "\x00" in name or name.startswith("/"):
        raise Http404
    try:
        handle = default_storage.open(PUBLIC_PREFIX + name, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={A_YEAR}, immutable"
    # An image opened on its own must not run anything, whatever a browser would sniff.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # The same image for everyone in every language: no `Vary: Cookie, Accept-Language` from
    # the session and locale middleware (config.middleware.without_vary takes it off).
    response.varies_on_nothing = True
    return response
