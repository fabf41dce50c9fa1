"""The tripartite internship agreement as a PDF: the parties, the placement, the hours,
the objectives, the mentors, each party's obligations and the state of the confirmations.

Drawn with platypus in DejaVu Sans (internships.pdf.register_fonts), in the language active
when it is rendered.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.pdf import register_fonts
from internships.models import Agreement

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
            "title", base, fontName=bold, fontSize=18, leading=22, spaceBefore=4, spaceAfter=2
        ),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=11, leading=15, textColor=MUTED),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=9,
            spaceAfter=4,
            textColor=BRAND,
            keepWithNext=1,
        ),
        "subheading": ParagraphStyle(
            "subheading", base, fontName=bold, spaceBefore=5, spaceAfter=2, keepWithNext=1
        ),
        "body": base,
        "label": ParagraphStyle("label", base, fontName=bold),
        "muted": ParagraphStyle("muted", base, fontSize=8, leading=10, textColor=MUTED),
    }


def _text(value) -> str:
    """Plain text made safe for a Paragraph, keeping the line breaks."""
    return escape(str(value or "—")).replace("\n", "<br/>")


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _agreement_of(internship) -> Agreement | None:
    try:
        return internship.agreement
    except Agreement.DoesNotExist:
        return None


def _person(user) -> str:
    if user is None:
        return _("not assigned yet")
    return f"{user.get_full_name()} <{user.email}>"


def _facts_table(rows, style) -> Table:
    table = Table(
        [
            [Paragraph(_text(label), style["label"]), Paragraph(_text(value), style["body"])]
            for label, value in rows
        ],
        colWidths=[56 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _parties(internship, style) -> list:
    organisation = internship.organisation
    student = internship.student
    profile = getattr(student, "student_profile", None)
    programme = profile.programme.name if profile and profile.programme_id else ""
    year = profile.year_of_study if profile else None
    number = profile.student_number if profile else ""
    county = organisation.county.name if organisation.county_id else ""
    return [
        Paragraph(_text(_("1. The university")), style["subheading"]),
        _facts_table([(_("Name"), settings.UNIVERSITY_NAME)], style),
        Paragraph(_text(_("2. The host organisation")), style["subheading"]),
        _facts_table(
            [
                (_("Legal name"), organisation.legal_name),
                (_("Registration number (CUI)"), organisation.registration_number),
                (
                    _("Address"),
                    _("%(city)s, %(county)s county") % {"city": organisation.city, "county": county}
                    if county
                    else organisation.city,
                ),
            ],
            style,
        ),
        Paragraph(_text(_("3. The student")), style["subheading"]),
        _facts_table(
            [
                (_("Name"), student.display_name),
                (_("Study programme"), programme),
                (_("Year of study"), year or ""),
                (_("Student number"), number),
                (_("E-mail"), student.email),
            ],
            style,
        ),
    ]


def _placement(internship, style) -> Table:
    placement = internship
    return _facts_table(
        [
            (_("Position"), internship.title),
            (_("Internship period"), internship.period.name),
            (
                _("Dates"),
                _("from %(start)s to %(end)s")
                % {
                    "start": date_format(internship.starts_on, "DATE_FORMAT"),
                    "end": date_format(internship.ends_on, "DATE_FORMAT"),
                },
            ),
            (_("Required hours"), internship.required_hours),
            (_("Hours per week"), placement.hours_per_week),
            (_("Work mode"), placement.get_work_mode_display()),
            (_("Place of work"), placement.city),
        ],
        style,
    )


def _numbered(items, style) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(_text(item), style["body"]), leftIndent=14) for item in items],
        bulletType="1",
        bulletFontName=style["body"].fontName,
        bulletFontSize=style["body"].fontSize,
        leftIndent=14,
        spaceBefore=1,
    )


def _obligations(style) -> list:
    parties = [
        (
            _("The host organisation"),
            [
                _("provides the tasks described above and a host tutor who guides the student;"),
                _("provides safe working conditions and training in health and safety at work;"),
                _("records the student's attendance and approves the hours in the logbook;"),
                _("evaluates the student at mid-term and at the end of the internship."),
            ],
        ),
        (
            _("The student"),
            [
                _("keeps the logbook of the activities, day by day;"),
                _("follows the host organisation's rules, schedule and the tutor's guidance;"),
                _("keeps confidential the information learnt during the internship;"),
                _("completes the required hours and the self-evaluation."),
            ],
        ),
        (
            _("The university"),
            [
                _("appoints an academic supervisor who follows the internship;"),
                _("checks the logbook and the evaluations of the host organisation;"),
                _("recognises the credits of the internship once it is completed;"),
                _("issues the internship certificate."),
            ],
        ),
    ]
    flowables = []
    for party, items in parties:
        flowables.append(
            KeepTogether([Paragraph(_text(party), style["subheading"]), _numbered(items, style)])
        )
    return flowables


def _confirmations(internship, agreement, style) -> Table:
    def line(confirmed_at, by):
        if not confirmed_at:
            return _("not confirmed yet")
        if not by:  # recorded without the person (imported or older data)
            return _("confirmed on %(when)s") % {"when": _when(confirmed_at)}
        return _("confirmed by %(name)s on %(when)s") % {
            "name": by.display_name,
            "when": _when(confirmed_at),
        }

    rows = [
        (
            _("The student"),
            line(agreement and agreement.student_confirmed_at, internship.student),
        ),
        (
            _("The host organisation"),
            line(
                agreement and agreement.organisation_confirmed_at,
                agreement and agreement.organisation_confirmed_by,
            ),
        ),
        (
            _("The university"),
            line(
                agreement and agreement.university_confirmed_at,
                agreement and agreement.university_confirmed_by,
            ),
        ),
    ]
    if agreement and agreement.overridden_at:
        rows.append(
            (
                _("Logbook opened without it"),
                _("by %(name)s on %(when)s: %(reason)s")
                % {
                    "name": agreement.overridden_by.display_name
                    if agreement.overridden_by
                    else "—",
                    "when": _when(agreement.overridden_at),
                    "reason": agreement.override_reason,
                },
            )
        )
    if agreement and agreement.paper_recorded_at:
        rows.append(
            (
                _("Signed on paper"),
                _("recorded by %(name)s on %(when)s")
                % {
                    "name": agreement.paper_recorded_by.display_name
                    if agreement.paper_recorded_by
                    else "—",
                    "when": _when(agreement.paper_recorded_at),
                },
            )
        )
    table = _facts_table(rows, style)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
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


def render_agreement(internship) -> bytes:
    """The agreement of one internship, as it stands now, in the active language.

    Reads the internship's student (with profile and programme), organisation (with county),
    period, placement, mentors and agreement: select them with the internship.
    """
    regular, bold = register_fonts()
    style = _styles(regular, bold)
    agreement = _agreement_of(internship)
    student = internship.student.display_name
    title = _("Internship agreement")
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{title} — {student}",
        author=settings.UNIVERSITY_NAME,
        subject=internship.title,
        creator="Practica",
        initialFontName=regular,
    )
    story = [
        Paragraph(_text(settings.UNIVERSITY_NAME.upper()), style["university"]),
        Paragraph(_text(title), style["title"]),
        Paragraph(
            _text(
                _("between the university, the host organisation and the student, for %(name)s")
                % {"name": student}
            ),
            style["subtitle"],
        ),
        Paragraph(_text(_("The parties")), style["heading"]),
        *_parties(internship, style),
        Paragraph(_text(_("The internship")), style["heading"]),
        _placement(internship, style),
        Paragraph(_text(_("Objectives")), style["heading"]),
        Paragraph(_text(_("What the student will learn")), style["subheading"]),
        Paragraph(_text(internship.competences), style["body"]),
        Paragraph(_text(_("Responsibilities")), style["subheading"]),
        Paragraph(_text(internship.activities), style["body"]),
        Paragraph(_text(_("Mentors")), style["heading"]),
        _facts_table(
            [
                (_("Host tutor"), _person(internship.host_tutor)),
                (_("Academic supervisor"), _person(internship.academic_supervisor)),
            ],
            style,
        ),
        Paragraph(_text(_("Obligations of the parties")), style["heading"]),
        *_obligations(style),
        KeepTogether(
            [
                Paragraph(_text(_("Confirmations")), style["heading"]),
                Paragraph(
                    _text(
                        _(
                            "Each party confirms this agreement in Practica; the logbook opens "
                            "once all three have confirmed."
                        )
                    ),
                    style["body"],
                ),
                Spacer(0, 3 * mm),
                _confirmations(internship, agreement, style),
            ]
        ),
        Spacer(0, 6 * mm),
        Paragraph(
            _text(
                _("Generated on %(date)s by Practica.")
                % {"date": date_format(timezone.localdate(), "DATE_FORMAT")}
            ),
            style["muted"],
        ),
    ]
    footer = _footer(f"{title} — {student}", regular)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
