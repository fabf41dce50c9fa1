"""The logbook as a PDF: the "caiet de practică" the student hands in to the university."""

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
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.pdf import register_fonts

MARGIN = 18 * mm
HEADER_FILL = colors.HexColor("#e8eef6")
RULE = colors.HexColor("#9aa5b1")
CHUNK = 600  # characters of activities per table row
CHUNK_LINES = 12  # printed lines (about 60 characters each) per table row


class _NumberedCanvas(Canvas):
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
            self.setFillColor(colors.HexColor("#52606d"))
            self.drawRightString(
                A4[0] - MARGIN,
                10 * mm,
                _("Page %(page)d of %(pages)d") % {"page": self._pageNumber, "pages": total},
            )
            self.drawString(MARGIN, 10 * mm, self._footer_label)
            super().showPage()
        super().save()


def _styles(regular, bold):
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5)
    return {
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=18, leading=22),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, leading=16),
        "heading": ParagraphStyle(
            "heading", base, fontName=bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
        ),
        "body": base,
        "label": ParagraphStyle("label", base, fontName=bold),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11.5),
        "muted": ParagraphStyle(
            "muted", base, fontSize=8, leading=10, textColor=colors.HexColor("#52606d")
        ),
        "number": ParagraphStyle("number", base, fontSize=9, leading=11.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=9, leading=11.5),
    }


def _text(value) -> str:
    """Plain text made safe for a Paragraph, keeping the line breaks."""
    return escape(str(value or "—")).replace("\n", "<br/>")


def _hours(value) -> str:
    """6, 7.5 (7,5 in Romanian): hours as the reader's locale writes them."""
    return floatformat(value or 0, -1)


def _facts(internship, style) -> Table:
    student = internship.student
    profile = getattr(student, "student_profile", None)
    programme = profile.programme.name if profile and profile.programme_id else ""
    period = internship.period
    rows = [
        (_("Student"), student.display_name),
        (_("Study programme"), programme),
        (_("Host organisation"), internship.organisation.legal_name),
        (_("Placement"), internship.title),
        (
            _("Period"),
            "{} · {} – {}".format(
                period.name,
                date_format(internship.starts_on, "DATE_FORMAT"),
                date_format(internship.ends_on, "DATE_FORMAT"),
            ),
        ),
        (
            _("Host tutor"),
            internship.host_tutor.display_name if internship.host_tutor else "",
        ),
        (
            _("Academic supervisor"),
            internship.academic_supervisor.display_name if internship.academic_supervisor else "",
        ),
        (_("Required hours"), _hours(internship.required_hours)),
        (_("Approved hours"), _hours(internship.approved_hours)),
    ]
    table = Table(
        [
            [Paragraph(_text(label), style["label"]), Paragraph(_text(value), style["body"])]
            for label, value in rows
        ],
        colWidths=[50 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), style["body"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _cut(line: str, size: int) -> list[str]:
    parts = []
    while len(line) > size:
        cut = line.rfind(" ", size // 2, size)
        cut = cut if cut > 0 else size
        parts.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    return [*parts, line]


def _pieces(text: str) -> list[str]:
    """Long activities cut into pieces (at line ends or spaces), each sure to fit on a page."""
    pieces, current, lines = [], "", 0
    for line in (part for raw in text.strip().splitlines() for part in _cut(raw, CHUNK)):
        if current and (len(current) + len(line) > CHUNK or lines >= CHUNK_LINES):
            pieces.append(current)
            current, lines = "", 0
        current = f"{current}\n{line}" if current else line
        lines += 1 + len(line) // 60
    return [*pieces, current]


def _entries(entries, style) -> Table | Paragraph:
    if not entries:
        return Paragraph(_text(_("No entries yet.")), style["body"])
    rows = [
        [
            Paragraph(_text(_("Date")), style["head"]),
            Paragraph(_text(_("Hours")), style["head"]),
            Paragraph(_text(_("Status")), style["head"]),
            Paragraph(_text(_("Activities")), style["head"]),
        ]
    ]
    rules = []
    for entry in entries:
        # A table row cannot break across pages: a long entry continues on extra rows.
        pieces = [Paragraph(_text(piece), style["cell"]) for piece in _pieces(entry.activities)]
        notes = []
        skills = ", ".join(str(skill) for skill in entry.skills.all())
        if skills:
            notes.append(
                Paragraph(_text(_("Skills: %(skills)s") % {"skills": skills}), style["muted"])
            )
        if entry.review_comment:
            notes.append(
                Paragraph(
                    _text(_("Tutor's comment: %(comment)s") % {"comment": entry.review_comment}),
                    style["muted"],
                )
            )
        rows.append(
            [
                Paragraph(_text(date_format(entry.date, "SHORT_DATE_FORMAT")), style["cell"]),
                Paragraph(_hours(entry.hours), style["number"]),
                Paragraph(_text(entry.get_status_display()), style["cell"]),
                [pieces[0], *(notes if len(pieces) == 1 else [])],
            ]
        )
        for number, piece in enumerate(pieces[1:], start=2):
            rows.append(["", "", "", [piece, *(notes if number == len(pieces) else [])]])
        rules.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.25, RULE))
    table = Table(rows, colWidths=[24 * mm, 15 * mm, 30 * mm, None], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
                ("FONT", (0, 0), (-1, -1), style["body"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *rules,
            ]
        )
    )
    return table


def _signatures(internship, style) -> Table:
    people = [
        (_("Student"), internship.student.display_name),
        (
            _("Host tutor"),
            internship.host_tutor.display_name if internship.host_tutor else "",
        ),
        (
            _("Academic supervisor"),
            internship.academic_supervisor.display_name if internship.academic_supervisor else "",
        ),
    ]
    cells = [
        [Paragraph(f"{_text(role)}<br/>{_text(name)}", style["body"]) for role, name in people],
        [Paragraph(_text(_("Signature")), style["muted"]) for _person in people],
    ]
    table = Table(cells, colWidths=[(A4[0] - 2 * MARGIN) / 3] * 3, rowHeights=[None, 18 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), style["body"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
                ("LINEABOVE", (0, 1), (-1, 1), 0, colors.white),
                ("LINEBELOW", (0, 1), (-1, 1), 0.5, RULE),
            ]
        )
    )
    return table


def logbook_pdf(internship, entries) -> bytes:
    """The logbook of one internship: who, where and when, the hours, then every entry.

    `internship` comes from queries.internship_detail (annotated with approved_hours),
    `entries` from queries.logbook_of.
    """
    regular, bold = register_fonts()
    style = _styles(regular, bold)
    name = internship.student.display_name
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=_("Logbook — %(name)s") % {"name": name},
        author=name,
        subject=internship.title,
        creator="Practica",
        initialFontName=regular,
    )
    story = [
        Paragraph(_text(_("Logbook")), style["title"]),
        Paragraph(_text(name), style["subtitle"]),
        Spacer(0, 6 * mm),
        _facts(internship, style),
        Paragraph(_text(_("Entries")), style["heading"]),
        _entries(list(entries), style),
        Spacer(0, 10 * mm),
        Paragraph(
            _text(
                _("Generated on %(date)s by Practica.")
                % {"date": date_format(timezone.localdate(), "DATE_FORMAT")}
            ),
            style["muted"],
        ),
        Spacer(0, 6 * mm),
        _signatures(internship, style),
    ]
    footer = _("Logbook — %(name)s") % {"name": name}
    document.build(
        story,
        canvasmaker=lambda *args, **kwargs: _NumberedCanvas(
            *args, footer_font=regular, footer_label=footer, **kwargs
        ),
    )
    return buffer.getvalue()
