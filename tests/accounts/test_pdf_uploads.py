"""A CV or an agreement scan is a PDF by its content: it parses as one, has a page, and
carries no script, launch action or attached file. A file that only mentions %PDF- in its
first kilobyte is not one."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from accounts.validators import validate_pdf
from internships.models import Application
from tests.factories import PDF_BYTES, give_cv, pdf_bytes

MARK = b"%PDF-1.7\n"


def upload(content: bytes, name="cv.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def written(change) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(PDF_BYTES))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def opening_with(action: str, **entries):
    def change(writer):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject(action),
                **{
                    NameObject(f"/{key}"): TextStringObject(value) for key, value in entries.items()
                },
            }
        )

    return change


NOT_PDFS = {
    "windows_executable": b"MZ\x90\x00" + MARK + b"\x00" * 200,
    "linux_executable": b"\x7fELF\x02\x01\x01" + MARK + b"\x00" * 200,
    "html_page": b"<html><body>" + MARK + b"<script>alert(1)</script></body></html>",
    "svg_image": b'<svg xmlns="http://www.w3.org/2000/svg"><!--' + MARK + b"--></svg>",
    "pdf_header_only": MARK + b"%%EOF\n",
    "truncated_pdf": PDF_BYTES[: len(PDF_BYTES) // 2],
}
ACTIVE_PDFS = {
    "javascript": lambda: written(opening_with("/JavaScript", JS="app.alert('hi');")),
    "attached_file": lambda: written(
        lambda writer: writer.add_attachment("invoice.exe", b"MZ\x90\x00")
    ),
    "launch_action": lambda: written(opening_with("/Launch", F="calc.exe")),
}


@pytest.mark.parametrize("content", NOT_PDFS.values(), ids=NOT_PDFS.keys())
def test_a_file_that_is_not_a_pdf_is_refused(content):
    with pytest.raises(ValidationError, match="must be a PDF"):
        validate_pdf(upload(content))


@pytest.mark.parametrize("make", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_a_pdf_with_scripts_actions_or_attachments_is_refused(make):
    with pytest.raises(ValidationError, match="scripts, actions or attached files"):
        validate_pdf(upload(make()))


@pytest.mark.parametrize("content", [PDF_BYTES, pdf_bytes("Ioana Bălan — CV")])
def test_a_plain_pdf_is_accepted_and_left_ready_to_read(content):
    file = upload(content)

    validate_pdf(file)

    assert file.read() == content


def test_applying_with_an_executable_named_cv_pdf_changes_nothing(client, student, placement):
    client.force_login(student)

    response = client.post(
        reverse("apply", args=[placement.pk]),
        {"cover_letter": "Bună ziua", "cv_upload": upload(NOT_PDFS["windows_executable"])},
    )

    assert "must be a PDF" in response.context["form"].errors["cv_upload"][0]
    assert not Application.objects.exists()


def built(*objects: bytes) -> bytes:
    """A PDF of these objects (numbered from 1; 1 is the catalog), with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Annots [4 0 R] >>",
)
CRAFTED = {
    "action_type_by_reference": built(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        *PAGES,
        b"<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] >>",
        b"<< /S 6 0 R /F (calc.exe) >>",
        b"/Launch",
    ),
    "file_attachment_annotation": built(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        *PAGES,
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 1 1]"
        b" /FS << /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >> >>",
        b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
    ),
    "link_to_another_file": built(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        *PAGES,
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 1 1] /A << /S /GoToE /T << /R /C >> >> >>",
    ),
}


@pytest.mark.parametrize("content", CRAFTED.values(), ids=CRAFTED.keys())
def test_active_content_hidden_behind_references_or_annotations_is_refused(content):
    with pytest.raises(ValidationError, match="scripts, actions or attached files"):
        validate_pdf(upload(content))


def test_a_hand_built_plain_pdf_with_a_link_inside_it_is_accepted():
    content = built(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>",
        *PAGES,
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 1 1] /A << /S /GoTo /D [3 0 R /Fit] >> >>",
    )

    validate_pdf(upload(content))


# Stored before the checks grew stricter: held back when someone downloads it ---------------

SCRIPTED = ACTIVE_PDFS["javascript"]


def test_an_old_application_cv_with_a_script_is_held_back_from_the_organisation(
    client, company_admin, application
):
    application.cv.save("cv.pdf", ContentFile(SCRIPTED()), save=True)
    client.force_login(company_admin)

    response = client.get(reverse("application_cv", args=[application.pk]))

    assert response.status_code == 409
    page = response.content.decode()
    assert "does not pass them now" in page and "Ask the student for their CV" in page


def test_an_old_profile_cv_that_is_no_pdf_is_held_back_from_its_student(client, student):
    give_cv(student, content=NOT_PDFS["html_page"])
    client.force_login(student)

    response = client.get(reverse("student_cv"))

    assert response.status_code == 409
    assert "Upload your CV again" in response.content.decode()


def test_a_plain_stored_cv_is_still_sent(client, company_admin, application):
    client.force_login(company_admin)

    response = client.get(reverse("application_cv", args=[application.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
