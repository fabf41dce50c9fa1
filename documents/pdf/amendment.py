"""An amendment (act adițional) to an internship agreement as a PDF: the parties, each change
from before to after, the reason, the clause that the rest stays as it was, and a signature
block for each party.

Drawn with platypus in DejaVu Sans (core.pdf.register_fonts), in the language active when it
is rendered: documents.amendments renders it in the agreement's language.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accounts.models import University
from core.pdf import document_date, register_fonts
from internships.models import Amendment
from internships.services.amendments import change_rows

MARGIN = 18 * mm
BRAND = colors.HexColor("#1f4e8c")
MUTED = colors.HexColor("#4a5468")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e8eef6")


def _styles(regular, bold):
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5)
    return {
        "university": ParagraphStyle(
            "university", base, fontName=bold, fontSize=11, leading=14, textColor=BRAND
        ),
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=15, leading=19, spaceBefore=6, spaceAfter=2
        ),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, textColor=MUTED),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=bold,
            fontSize=11,
            leading=15,
            spaceBefore=9,
            spaceAfter=4,
            textColor=BRAND,
            keepWithNext=1,
        ),
        "body": base,
        "label": ParagraphStyle("label", base, fontName=bold),
        "muted": ParagraphStyle("muted", base, fontSize=8, leading=10, textColor=MUTED),
    }


def _text(value) -> str:
    """Plain text made safe for a Paragraph, keeping the line breaks."""
    return escape(str(value if value not in (None, "") else "—")).replace("\n", "<br/>")


def _represented(name: str, function: str) -> str:
    if not name:
        return ""
    if not function:
        return _("represented by %(name)s") % {"name": name}
    return _("represented by %(name)s, %(function)s") % {"name": name, "function": function}


def _parties(internship, language: str) -> list[tuple[str, str]]:
    """Each party in one sentence: who, where, registration, represented by whom.

    TODO(lead, #14): read the parties from the agreement's current version facts
    (internships.services.agreements.current_version / effective_facts) once they are
    merged, so that the amendment names the parties exactly as the agreement does.
    """
    university = University.current()
    organisation = internship.organisation
    student = internship.student
    profile = getattr(student, "student_profile", None)
    programme = profile.programme if profile and profile.programme_id else None

    def joined(*parts):
        return ", ".join(str(part) for part in parts if part)

    return [
        (
            _("The university"),
            joined(
                university.name_in(language),
                university.address,
                university.registration_number
                and _("fiscal code %(code)s") % {"code": university.registration_number},
                _represented(
                    university.legal_representative, university.legal_representative_function
                ),
            ),
        ),
        (
            _("The host organisation"),
            joined(
                organisation.legal_name,
                organisation.address or organisation.city,
                organisation.registration_number
                and _("registration number (CUI) %(code)s")
                % {"code": organisation.registration_number},
                _represented(
                    organisation.legal_representative,
                    organisation.legal_representative_function,
                ),
            ),
        ),
        (
            _("The student"),
            joined(
                student.get_full_name() or student.email,
                programme and programme.name_in(language),
                programme and programme.faculty_in(language),
                profile
                and profile.year_of_study
                and _("year %(year)s") % {"year": profile.year_of_study},
                profile and profile.student_number,
            ),
        ),
    ]


def _table(rows, widths, style, *, header=False) -> Table:
    cells = [
        [Paragraph(_text(cell), style["label" if header and i == 0 else "body"]) for cell in row]
        for i, row in enumerate(rows)
    ]
    table = Table(
        cells,
        colWidths=widths,
        hAlign="LEFT",
        repeatRows=1 if header else 0,
        splitInRow=1,  # a value taller than a page goes on over it
    )
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _in_force_clause(amendment) -> str:
    """When it takes effect: once the three confirm it; or, recorded by the internship office
    already in force (a change of tutor it made), since that day."""
    if amendment.status == Amendment.Status.CONFIRMED and amendment.decided_at:
        return _(
            "This addendum is part of the agreement. The internship office recorded it; it "
            "has been in force since %(date)s."
        ) % {"date": document_date(amendment.decided_at, amendment.language)}
    return _(
        "This addendum is part of the agreement. It takes effect once the three parties have "
        "confirmed it."
    )


def _signatures(parties, style) -> Table:
    """A block for each party: its name, then room for the name and function of the person
    signing, the date, the signature and, for the two institutions (the student is the
    last party), the stamp."""
    lines = [_("Name and function:"), _("Date:"), _("Signature:")]
    row = [
        [
            Paragraph(_text(party), style["label"]),
            Spacer(0, 2 * mm),
            *(
                Paragraph(_text(line), style["body"])
                for line in (lines if n == len(parties) - 1 else [*lines, _("Stamp:")])
            ),
        ]
        for n, (party, _who) in enumerate(parties)
    ]
    table = Table([row], colWidths=[(A4[0] - 2 * MARGIN) / 3] * 3)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 28),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _footer(label: str, font: str):
    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, label)
        canvas.drawRightString(
            A4[0] - MARGIN, 10 * mm, _("Page %(page)d") % {"page": document.page}
        )
        canvas.restoreState()

    return draw


def render_amendment(amendment) -> bytes:
    """The amendment in the active language. Reads its agreement's internship with the
    student (profile, programme), the organisation and the period."""
    regular, bold = register_fonts()
    style = _styles(regular, bold)
    internship = amendment.agreement.internship
    language = amendment.language
    university = University.current()
    student = internship.student.get_full_name() or internship.student.email
    title = _("ADDENDUM no. %(number)d") % {"number": amendment.number}
    parties = _parties(internship, language)
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{title} — {student}",
        author=university.name_in(language),
        subject=internship.title,
        creator="Practica",
        initialFontName=regular,
    )
    width = A4[0] - 2 * MARGIN
    story = [
        Paragraph(_text(university.name_in(language).upper()), style["university"]),
        Paragraph(_text(title), style["title"]),
        Paragraph(
            _text(_("to the framework agreement on the practical training internship")),
            style["subtitle"],
        ),
        Paragraph(
            _text(
                _("of %(student)s at %(organisation)s, %(period)s")
                % {
                    "student": student,
                    "organisation": internship.organisation.legal_name,
                    "period": internship.period.name_in(language),
                }
            ),
            style["subtitle"],
        ),
        Paragraph(_text(_("The parties")), style["heading"]),
        _table(parties, [42 * mm, width - 42 * mm], style),
        Paragraph(_text(_("What the parties agree to change")), style["heading"]),
        _table(
            [
                (_("Term"), _("Before"), _("After")),
                *(
                    (row["label"], row["before"], row["after"])
                    for row in change_rows(amendment.changes)
                ),
            ],
            [42 * mm, (width - 42 * mm) / 2, (width - 42 * mm) / 2],
            style,
            header=True,
        ),
        Paragraph(_text(_("Reason")), style["heading"]),
        Paragraph(_text(amendment.reason), style["body"]),
        Spacer(0, 4 * mm),
        Paragraph(_text(_("All other clauses of the agreement remain unchanged.")), style["body"]),
        Paragraph(_text(_in_force_clause(amendment)), style["body"]),
        KeepTogether(
            [
                Paragraph(_text(_("Signatures")), style["heading"]),
                _signatures(parties, style),
            ]
        ),
        Spacer(0, 6 * mm),
        Paragraph(
            _text(
                _("Proposed on %(date)s by %(name)s; generated by Practica.")
                % {
                    "date": document_date(amendment.created_at, amendment.language),
                    "name": amendment.proposed_by.display_name,
                }
            ),
            style["muted"],
        ),
    ]
    footer = _footer(f"{title} — {student}", regular)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
