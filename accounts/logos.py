"""Organisation logos: an upload checked by its content, never its name, and drawn again.

Pillow reads the upload: it must be a PNG, JPEG or WebP within the size limits
(ORGANISATION_LOGO_MAX_BYTES, and ORGANISATION_LOGO_MAX_PIXELS read from the header before
anything is decoded, so that a small file unpacking into an enormous image is refused). What
is stored is not the upload but a new PNG of its pixels, scaled down: no metadata (camera,
place, comments) survives, and neither does anything a file of two formats at once (a
"polyglot": an image that is also HTML or a script) carried beside its pixels.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}


@dataclass(frozen=True)
class LogoFiles:
    """The PNGs to store: the logo (at most ORGANISATION_LOGO_SIZE) and its small copy."""

    large: bytes
    small: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.large).hexdigest()[:16]


def _not_an_image() -> ValidationError:
    return ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="not_image")


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def logo_files(upload) -> LogoFiles:
    """The stored form of an uploaded logo, or a ValidationError saying what is wrong."""
    from PIL import Image, ImageOps

    limit = settings.ORGANISATION_LOGO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The logo is larger than %(limit)s MB. Upload a smaller file.")
            % {"limit": f"{limit / (1024 * 1024):g}"},
            code="too_large",
        )
    upload.seek(0)
    content = upload.read(limit + 1)
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow warns of a "decompression bomb" before refusing one: refuse at the warning.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(content), formats=sorted(ACCEPTED_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels() from error
        except Exception as error:  # noqa: BLE001 (whatever Pillow cannot open is no image)
            raise _not_an_image() from error
        with image:
            if image.format not in ACCEPTED_FORMATS:
                raise _not_an_image()
            width, height = image.size
            if width < 1 or height < 1:
                raise _not_an_image()
            if width * height > settings.ORGANISATION_LOGO_MAX_PIXELS:
                raise _too_many_pixels()
            try:
                return _redrawn(image, ImageOps)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise _too_many_pixels() from error
            except Exception as error:  # noqa: BLE001 (a truncated or broken file)
                raise _not_an_image() from error


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The logo has too many pixels: at most %(limit)s million. Upload a smaller image.")
        % {"limit": f"{settings.ORGANISATION_LOGO_MAX_PIXELS / 1_000_000:g}"},
        code="too_many_pixels",
    )


def _redrawn(image, ImageOps) -> LogoFiles:  # noqa: N803 (the module, imported by the caller)
    """The first frame, upright as the camera meant it, scaled to fit, in RGB or RGBA."""
    size = settings.ORGANISATION_LOGO_SIZE
    image.thumbnail((size * 2, size * 2))  # decodes a JPEG at a reduced scale: less memory
    image = ImageOps.exif_transpose(image)  # the EXIF orientation, before the EXIF is dropped
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if transparent else "RGB")
    large = image.copy()
    large.thumbnail((size, size))
    small = image.copy()
    small.thumbnail((settings.ORGANISATION_LOGO_SMALL_SIZE,) * 2)
    return LogoFiles(large=_png(large), small=_png(small))
