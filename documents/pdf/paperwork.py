"""What the practice file (caiet de practică) and the evaluation forms share: the page with
its numbered footer, the header naming the university, the faculty and the programme, the
internship's facts, the signature blocks, and dates written day first.

Every document is drawn in one language, the period's (`document_language`), so that the
copy the tutor prints and the copy the student hands in are the same document.
"""

import logging
from io import BytesIO
from xml.sax.saxutils import escape

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from accounts.models import University
from core.pdf import REGULAR as FONT
from core.pdf import register_fonts

logger = logging.getLogger(__name__)

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
BRAND = colors.HexColor("#1f4e8c")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e8eef6")
LOGO_HEIGHT = 16 * mm


def document_language(internship) -> str:
    """The language of an internship's paperwork: the period's documents' language."""
    return internship.period.certificate_language or "ro"


def day(value) -> str:
    """A date written day first: "1 iulie 2026" in Romanian, "1 July 2026" in English
    (the DATE_FORMAT of core/formats, the month as the project's catalogue writes it)."""
    if value is None:
        return "—"
    if hasattr(value, "tzinfo"):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return date_format(value, "DATE_FORMAT")


def text(value) -> str:
    """Plain text made safe for a Paragraph, keeping the line breaks; a dash for nothing
    (but 0 is a value: no credits)."""
    return escape("—" if value is None or value == "" else str(value)).replace("\n", "<br/>")


def hours(value) -> str:
    """6, 7.5 (7,5 in Romanian): hours as the reader's locale writes them."""
    return floatformat(value or 0, -1)


def person(user) -> str:
    return user.display_name if user else ""


def styles() -> dict:
    regular, bold = register_fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5)
    return {
        "university": ParagraphStyle(
            "university", base, fontName=bold, fontSize=11, leading=14, textColor=BRAND
        ),
        "faculty": ParagraphStyle("faculty", base, fontSize=9.5, leading=12.5, textColor=MUTED),
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=18, leading=22, spaceBefore=6, spaceAfter=2
        ),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=11, leading=15, textColor=MUTED),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=bold,
            fontSize=12,
            leading=15,
            spaceBefore=9,
            spaceAfter=4,
            textColor=BRAND,
            keepWithNext=1,
        ),
        "body": base,
        "label": ParagraphStyle("label", base, fontName=bold),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11.5),
        "strong": ParagraphStyle("strong", base, fontName=bold, fontSize=9, leading=11.5),
        "muted": ParagraphStyle("muted", base, fontSize=8, leading=10, textColor=MUTED),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=9, leading=11.5),
        "number": ParagraphStyle("number", base, fontSize=9, leading=11.5, alignment=TA_RIGHT),
        "total": ParagraphStyle(
            "total", base, fontName=bold, fontSize=9, leading=11.5, alignment=TA_RIGHT
        ),
        "regular": regular,
        "bold": bold,
    }


class NumberedCanvas(Canvas):
    """Keeps every page until the end so that each can say "page N of M"."""

    def __init__(self, *args, footer_font, footer_label, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []
        self._footer_font = footer_font
        self._footer_label = footer_label

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(self._footer_font, 8)
            self.setFillColor(MUTED)
            self.drawRightString(
                A4[0] - MARGIN,
                10 * mm,
                _("Page %(page)d of %(pages)d") % {"page": self._pageNumber, "pages": total},
            )
            self.drawString(MARGIN, 10 * mm, self._footer_label)
            super().showPage()
        super().save()


def _logo(university):
    """The university's logo, LOGO_HEIGHT high; None when there is none or it cannot be read
    (a broken upload must not stop the paperwork)."""
    if not university.logo:
        return None
    try:
        with university.logo.open("rb") as stored:
            data = BytesIO(stored.read())
        width, height = ImageReader(data).getSize()
        data.seek(0)
        return Image(data, width=LOGO_HEIGHT * width / height, height=LOGO_HEIGHT)
    except Exception:  # whatever reportlab or Pillow raise on a bad file
        logger.warning("The university's logo %s cannot be drawn.", university.logo.name)
        return None


def header(internship, style, *, title: str, subtitle: str = "", language: str) -> list:
    """The university (with its logo), faculty and programme, then the document's title."""
    university = University.current()
    programme = _programme(internship)
    lines = [Paragraph(text(university.name_in(language)), style["university"])]
    if programme is not None:
        faculty = programme.faculty_in(language)
        if faculty:
            lines.append(Paragraph(text(faculty), style["faculty"]))
        lines.append(
            Paragraph(
                text(_("Study programme: %(name)s") % {"name": programme.name_in(language)}),
                style["faculty"],
            )
        )
    logo = _logo(university)
    if logo is not None:
        band = Table(
            [[logo, lines]],
            colWidths=[logo.drawWidth + 4 * mm, None],
            hAlign="LEFT",
        )
        band.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        flowables = [band]
    else:
        flowables = list(lines)
    rule = Table([[""]], colWidths=[WIDTH], rowHeights=[2 * mm])
    rule.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), FONT), ("LINEBELOW", (0, 0), (-1, -1), 0.75, BRAND)])
    )
    flowables += [rule, Paragraph(text(title), style["title"])]
    if subtitle:
        flowables.append(Paragraph(text(subtitle), style["subtitle"]))
    flowables.append(Spacer(0, 4 * mm))
    return flowables


def _programme(internship):
    profile = getattr(internship.student, "student_profile", None)
    return profile.programme if profile is not None and profile.programme_id else None


def facts(internship, style, *, language: str) -> Table:
    """Who, where, when and on what terms: the same block on every document of the file,
    two facts a line so that an evaluation form fits on one page."""
    student = internship.student
    profile = getattr(student, "student_profile", None)
    programme = _programme(internship)
    place = ", ".join(part for part in (internship.place, internship.city) if part)
    pairs = [
        (
            (_("Student"), student.display_name),
            (_("Student number"), profile and profile.student_number),
        ),
        (
            (_("Study programme"), programme.name_in(language) if programme else ""),
            (_("Year of study"), profile and profile.year_of_study),
        ),
        (
            (_("Host organisation"), internship.organisation.legal_name),
            (_("Position"), internship.title),
        ),
        ((_("Place of work"), place), (_("Hours per week"), internship.hours_per_week)),
        (
            (_("Period"), internship.period.name_in(language)),
            (_("Dates"), f"{day(internship.starts_on)} – {day(internship.ends_on)}"),
        ),
        (
            (_("Host tutor"), person(internship.host_tutor)),
            (_("Academic supervisor"), person(internship.academic_supervisor)),
        ),
    ]
    table = Table(
        [
            [
                cell
                for label, value in pair
                for cell in (
                    Paragraph(text(label), style["head"]),
                    Paragraph(text(value), style["cell"]),
                )
            ]
            for pair in pairs
        ],
        colWidths=[30 * mm, 57 * mm, 30 * mm, 57 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def signer(role: str, user=None, *, signed_on=None, note: str = "") -> dict:
    """One signature block: the role, the person's name (left blank to be written in when no
    one is assigned), the date when the record holds it (else left blank) and a note under
    the signature (the host's stamp, say)."""
    return {
        "role": role,
        "name": person(user),
        "date": day(signed_on) if signed_on else "",
        "note": note,
    }


def signatures(signers, style) -> KeepTogether:
    """The signature blocks side by side, kept together on one page with the line saying
    when the document was generated (which ends every document)."""
    width = WIDTH / max(len(signers), 2)  # one signer alone gets half the line, not all
    cells = [
        [Paragraph(text(one["role"]), style["strong"]) for one in signers],
        [Paragraph(escape(one["name"]), style["body"]) for one in signers],
        [
            Paragraph(text(_("Date: %(date)s") % {"date": one["date"]}), style["muted"])
            for one in signers
        ],
        [Paragraph(text(_("Signature")), style["muted"]) for _one in signers],
        [Paragraph(escape(one["note"]), style["muted"]) for one in signers],
    ]
    table = Table(
        cells,
        colWidths=[width] * len(signers),
        rowHeights=[None, 8 * mm, 8 * mm, 14 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 1), (-1, 3), "BOTTOM"),
                ("LINEBELOW", (0, 1), (-1, 3), 0.5, RULE),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8 * mm),
            ]
        )
    )
    return KeepTogether([Spacer(0, 6 * mm), table, Spacer(0, 4 * mm), _generated_on(style)])


def _generated_on(style) -> Paragraph:
    return Paragraph(
        text(_("Generated on %(date)s by Practica.") % {"date": day(timezone.localdate())}),
        style["muted"],
    )


def build(story, style, *, title: str, author: str, subject: str, footer: str) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        subject=subject,
        creator="Practica",
        initialFontName=style["regular"],
    )
    document.build(
        story,
        canvasmaker=lambda *args, **kwargs: NumberedCanvas(
            *args, footer_font=style["regular"], footer_label=footer, **kwargs
        ),
    )
    return buffer.getvalue()
