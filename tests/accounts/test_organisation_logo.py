"""An organisation's admins give it a logo (issue #16): checked by its content, drawn again
small, kept in public media and shown on its public pages; a refused file changes nothing."""

import errno
import io
import struct
import zlib
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts import services
from accounts.models import Organisation
from core.services import ServiceError
from notifications.models import Event
from tests.factories import MembershipFactory, OrganisationFactory, PlacementFactory

from .test_organisation_edit import data_of

URL = reverse("company_organisation")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image_bytes(kind="PNG", size=(640, 320), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 40) if mode == "RGB" else None).save(buffer, kind, **save)
    return buffer.getvalue()


def upload(content: bytes, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few bytes whose header claims `width` × `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def stored_image(field_file) -> Image.Image:
    with default_storage.open(field_file.name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def give_logo(organisation, admin, content=None):
    services.update_organisation(
        organisation=organisation, by=admin, data={}, logo=upload(content or image_bytes())
    )
    organisation.refresh_from_db()
    return organisation


def as_it_is(organisation) -> dict:
    """The form as the page fills it in, the organisation already holding these details."""
    data = data_of(organisation)
    fields = {name: value for name, value in data.items() if name not in ("sector", "county")}
    Organisation.objects.filter(pk=organisation.pk).update(**fields)
    return data


def events(organisation):
    return Event.objects.filter(object_id=organisation.pk, action="organisation_edited")


# The happy path ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "content_type"),
    [("PNG", "logo.png", "image/png"), ("JPEG", "logo.jpg", "image/jpeg"),
     ("WEBP", "logo.webp", "image/webp")],
)  # fmt: skip
def test_an_admin_uploads_a_logo_and_it_is_stored_redrawn_small(
    client, company_admin, organisation, kind, name, content_type
):
    client.force_login(company_admin)

    response = client.post(
        URL, {**as_it_is(organisation), "logo": upload(image_bytes(kind), name, content_type)}
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith(f"public/organisations/{organisation.pk}/logo-")
    large, small = stored_image(organisation.logo), stored_image(organisation.logo_small)
    assert (large.format, large.size) == ("PNG", (256, 128))
    assert (small.format, small.size) == ("PNG", (96, 48))
    assert events(organisation).get().note_kind == "new_logo"
    page = client.get(URL).content.decode()
    assert f'src="{organisation.logo_url}" alt="{organisation.legal_name}"' in page


def test_what_rode_along_in_the_file_is_not_kept(company_admin, organisation):
    photo = Image.new("RGB", (400, 300), "navy")
    exif = photo.getexif()
    exif[0x010E] = "secret description"  # ImageDescription
    exif[0x0112] = 6  # Orientation: the camera was turned; the stored logo stands upright
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif.tobytes(), comment=b"a comment")
    payload = b"<html><script>alert(document.cookie)</script></html>"

    give_logo(organisation, company_admin, buffer.getvalue() + payload)

    with default_storage.open(organisation.logo.name, "rb") as handle:
        stored = handle.read()
    assert payload not in stored and b"secret description" not in stored
    logo = stored_image(organisation.logo)
    assert logo.size == (192, 256)
    assert not logo.getexif() and "comment" not in logo.info


def test_a_transparent_logo_stays_transparent(company_admin, organisation):
    give_logo(organisation, company_admin, image_bytes(mode="RGBA", size=(100, 100)))

    assert stored_image(organisation.logo).mode == "RGBA"
    assert stored_image(organisation.logo).size == (100, 100)  # never enlarged


def test_anyone_may_see_a_logo_for_a_year_of_caching(client, company_admin, organisation):
    give_logo(organisation, company_admin)

    response = client.get(organisation.logo_small_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (96, 48)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_logo_does_not_vary_by_cookie_or_language(client, company_admin, organisation, signed_in):
    """The same image for everyone: a shared cache keeps one copy, not one per visitor."""
    give_logo(organisation, company_admin)
    if signed_in:
        client.force_login(company_admin)

    response = client.get(
        organisation.logo_small_url, HTTP_ACCEPT_LANGUAGE="ro", HTTP_COOKIE="django_language=ro"
    )

    assert response.status_code == 200
    assert not response.has_header("Vary")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_other_pages_still_vary(client, db):
    assert "Accept-Language" in client.get(reverse("landing"))["Vary"]


def test_a_new_logo_replaces_the_old_files(
    client, company_admin, organisation, django_capture_on_commit_callbacks
):
    give_logo(organisation, company_admin, image_bytes(size=(300, 300)))
    old = [organisation.logo.name, organisation.logo_small.name]

    with django_capture_on_commit_callbacks(execute=True):
        give_logo(organisation, company_admin, image_bytes(size=(500, 100)))

    assert organisation.logo.name not in old
    assert not any(default_storage.exists(name) for name in old)
    assert stored_image(organisation.logo).size == (256, 51)


@pytest.fixture
def overwriting_storage():
    """The default storage as S3 behaves: a name already taken is written over."""
    default_storage.exists("warm-up")  # the lazy storage is made
    with mock.patch.object(default_storage._wrapped, "_allow_overwrite", True):
        yield default_storage


def test_the_same_logo_again_keeps_its_files_on_a_storage_that_overwrites(
    company_admin, organisation, overwriting_storage, django_capture_on_commit_callbacks
):
    content = image_bytes(size=(300, 300))
    give_logo(organisation, company_admin, content)
    names = [organisation.logo.name, organisation.logo_small.name]

    with django_capture_on_commit_callbacks(execute=True):
        give_logo(organisation, company_admin, content)

    assert [organisation.logo.name, organisation.logo_small.name] == names
    assert all(default_storage.exists(name) for name in names)
    assert stored_image(organisation.logo).size == (256, 256)


def test_a_small_copy_that_cannot_be_stored_leaves_no_large_one_behind(
    company_admin, organisation, tmp_path
):
    give_logo(organisation, company_admin, image_bytes(size=(300, 300)))
    old = [organisation.logo.name, organisation.logo_small.name]
    real_save = FileSystemStorage._save

    def full_for_the_small(storage, name, content):
        if name.endswith("-small.png"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(storage, name, content)

    with mock.patch.object(FileSystemStorage, "_save", full_for_the_small):
        with pytest.raises(ServiceError):
            give_logo(organisation, company_admin, image_bytes(size=(500, 100)))

    organisation.refresh_from_db()
    assert [organisation.logo.name, organisation.logo_small.name] == old
    stored = sorted(path.name for path in tmp_path.rglob("*.png"))
    assert stored == sorted(name.rsplit("/", 1)[-1] for name in old)


def test_a_change_rolled_back_after_storing_deletes_the_new_files(
    company_admin, organisation, tmp_path, django_capture_on_commit_callbacks
):
    give_logo(organisation, company_admin, image_bytes(size=(300, 300)))
    old = [organisation.logo.name, organisation.logo_small.name]

    with (
        mock.patch.object(services, "record_event", side_effect=RuntimeError("database gone")),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
    ):
        give_logo(organisation, company_admin, image_bytes(size=(500, 100)))

    organisation.refresh_from_db()
    assert [organisation.logo.name, organisation.logo_small.name] == old
    assert all(default_storage.exists(name) for name in old)
    stored = sorted(path.name for path in tmp_path.rglob("*.png"))
    assert stored == sorted(name.rsplit("/", 1)[-1] for name in old)


def test_an_admin_removes_the_logo(
    client, company_admin, organisation, django_capture_on_commit_callbacks
):
    give_logo(organisation, company_admin)
    old = [organisation.logo.name, organisation.logo_small.name]
    client.force_login(company_admin)
    assert "Remove the present logo" in client.get(URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**as_it_is(organisation), "remove_logo": "on"})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert not organisation.logo and not organisation.logo_small
    assert not any(default_storage.exists(name) for name in old)
    assert events(organisation).order_by("pk").last().note_kind == "logo_removed"
    assert client.get(old[0].replace("public/", "/media/public/")).status_code == 404


def test_details_and_a_logo_change_in_one_record(client, company_admin, organisation):
    client.force_login(company_admin)

    client.post(URL, {**data_of(organisation, city="Turda"), "logo": upload(image_bytes())})

    event = events(organisation).get()
    assert event.note_kind == "changes_and_new_logo"
    assert "Turda" in event.note_params["changes"]


# Refused files ------------------------------------------------------------------------


NOT_IMAGES = {
    "a program renamed": b"MZ\x90\x00 a program renamed to logo.png",
    "a PDF": b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    "an SVG with a script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "a GIF": image_bytes("GIF"),
    "a truncated PNG": image_bytes()[:200],
}


@pytest.mark.parametrize("content", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
def test_a_file_that_is_not_an_image_is_refused_beside_the_field(
    client, company_admin, organisation, content
):
    client.force_login(company_admin)

    response = client.post(
        URL, {**data_of(organisation, city="Turda"), "logo": upload(content, "logo.png")}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["logo"] == [
        "The logo must be a PNG, JPEG or WebP image."
    ]
    assert 'id="id_logo_error"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.city == "Cluj-Napoca"  # nothing changed, the other fields neither
    assert not organisation.logo
    assert not events(organisation).exists()


def test_an_empty_file_is_refused(client, company_admin, organisation):
    client.force_login(company_admin)

    response = client.post(URL, {**data_of(organisation), "logo": upload(b"")})

    assert response.status_code == 400
    assert response.context["form"].errors["logo"] == ["The submitted file is empty."]
    organisation.refresh_from_db()
    assert not organisation.logo


def test_a_file_too_large_is_refused(client, company_admin, organisation, settings):
    settings.ORGANISATION_LOGO_MAX_BYTES = 1024 * 1024
    noisy = Image.frombytes("L", (1200, 1200), bytes(range(256)) * 5625)
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG", compress_level=0)
    assert len(buffer.getvalue()) > 1024 * 1024
    client.force_login(company_admin)

    response = client.post(URL, {**data_of(organisation), "logo": upload(buffer.getvalue())})

    assert response.status_code == 400
    assert response.context["form"].errors["logo"] == [
        "The logo is larger than 1 MB. Upload a smaller file."
    ]
    organisation.refresh_from_db()
    assert not organisation.logo


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(
    client, company_admin, organisation
):
    bomb = png_claiming(50_000, 50_000)  # 2.5 billion pixels in a hundred bytes
    client.force_login(company_admin)

    with mock.patch.object(Image.Image, "load", side_effect=AssertionError("decoded")):
        response = client.post(URL, {**data_of(organisation), "logo": upload(bomb)})

    assert response.status_code == 400
    assert response.context["form"].errors["logo"] == [
        "The logo has too many pixels: at most 16 million. Upload a smaller image."
    ]
    organisation.refresh_from_db()
    assert not organisation.logo


def test_the_pixel_limit_is_a_setting(company_admin, organisation, settings):
    settings.ORGANISATION_LOGO_MAX_PIXELS = 100 * 100

    with pytest.raises(ServiceError, match="too many pixels"):
        give_logo(organisation, company_admin, image_bytes(size=(101, 100)))


def test_a_logo_that_cannot_be_stored_changes_nothing(client, company_admin, organisation):
    client.force_login(company_admin)
    full = OSError(errno.ENOSPC, "No space left on device")

    with mock.patch.object(FileSystemStorage, "_save", side_effect=full):
        response = client.post(
            URL, {**data_of(organisation, city="Turda"), "logo": upload(image_bytes())}
        )

    assert response.status_code == 400
    assert "The logo could not be stored just now" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.city == "Cluj-Napoca" and not organisation.logo


# Who may ---------------------------------------------------------------------------------


def test_a_member_who_is_not_admin_may_not_upload(client, recruiter, organisation):
    client.force_login(recruiter)

    response = client.post(URL, {**data_of(organisation), "logo": upload(image_bytes())})

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert not organisation.logo


def test_the_service_refuses_a_member_who_is_not_admin(recruiter, organisation):
    with pytest.raises(PermissionDenied):
        give_logo(organisation, recruiter)


def test_a_student_may_not(client, student, organisation):
    client.force_login(student)

    response = client.post(URL, {**data_of(organisation), "logo": upload(image_bytes())})

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert not organisation.logo


def test_an_anonymous_visitor_is_sent_to_log_in(client, organisation):
    response = client.post(URL, {**data_of(organisation), "logo": upload(image_bytes())})

    assert response.status_code == 302 and "/accounts/login/" in response.url
    organisation.refresh_from_db()
    assert not organisation.logo


def test_another_organisations_admin_changes_only_their_own(client, organisation):
    other = MembershipFactory(organisation=OrganisationFactory()).user
    client.force_login(other)

    client.post(URL, {**data_of(other.membership.organisation), "logo": upload(image_bytes())})

    organisation.refresh_from_db()
    assert not organisation.logo
    assert Organisation.objects.get(memberships__user=other).logo


def test_the_service_refuses_another_organisations_admin(organisation):
    other = MembershipFactory(organisation=OrganisationFactory()).user

    with pytest.raises(PermissionDenied):
        give_logo(organisation, other)


# Public media ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/media/public/../private/signing/signing.p12",
        "/media/public/organisations/1/missing.png",
        "/media/public/organisations/1/notes.txt",
        "/media/public/organisations/%2e%2e/%2e%2e/cvs/cv.pdf",
        "/media/public/organisations/1/",
    ],
)
def test_nothing_but_a_public_image_is_served(client, db, path, settings):
    (settings.MEDIA_ROOT / "private").mkdir()
    (settings.MEDIA_ROOT / "private" / "secret.png").write_bytes(image_bytes())

    assert client.get(path).status_code == 404
    assert client.get("/media/public/../private/secret.png").status_code == 404


def test_a_public_image_is_only_read(client, company_admin, organisation):
    give_logo(organisation, company_admin)

    assert client.post(organisation.logo_url).status_code == 405


# Shown on the public pages ----------------------------------------------------------------


def test_the_public_pages_show_the_logo_or_the_first_letter(client, company_admin, organisation):
    """The name is written beside the logo on each of these pages, so the logo is not read
    out as the name again: alt="" and the letter hidden from screen readers."""
    placement = PlacementFactory(organisation=organisation)
    other = PlacementFactory(organisation=OrganisationFactory(legal_name="Ștefan Tech SRL"))
    give_logo(organisation, company_admin)
    large = f'src="{organisation.logo_url}" alt=""'
    small = f'src="{organisation.logo_small_url}" alt=""'

    organisation_page = client.get(reverse("organisation_page", args=[organisation.pk]))
    assert large in organisation_page.content.decode()
    assert large in client.get(placement.get_absolute_url()).content.decode()
    search = client.get(reverse("placement_search")).content.decode()
    assert small in search
    assert 'class="org-logo org-logo--letter" aria-hidden="true">Ș</span>' in search
    page = client.get(other.get_absolute_url()).content.decode()
    assert 'aria-hidden="true">Ș</span>' in page
    for shown in (organisation_page.content.decode(), search, page):
        assert f'alt="{organisation.legal_name}"' not in shown
        assert 'aria-label="Ștefan Tech SRL"' not in shown


def test_the_admin_site_cannot_put_an_unchecked_file_in_place(admin_client, organisation):
    page = admin_client.get(reverse("admin:accounts_organisation_change", args=[organisation.pk]))

    assert 'type="file"' not in page.content.decode()
