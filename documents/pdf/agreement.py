"""The framework agreement (convenție-cadru) of one internship, after the ministry's model
(OMECTS nr. 3955/2008, anexa 2; the practice portfolio, anexa 3), drawn from one version's
facts snapshot and the text of its articles, in the agreement's language.

The parties and their representatives; the articles, numbered in order, from the text staff
edit (`## ` a heading, `- ` an item, `[[object]]`, `[[duration]]`, `[[schedule]]` and
`[[mentors]]` the facts of this internship); the signature block of each party; the practice
portfolio as the annex. The footer names the version. Drawn with reportlab's invariant mode,
so the same facts and text always make the same bytes.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.pdf import document_date, register_fonts
from internships.models import Placement

MARGIN = 18 * mm
INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#4a5468")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#eef1f5")
LOGO_HEIGHT = 16 * mm


def _styles(regular, bold):
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "university": ParagraphStyle("university", base, fontName=bold, fontSize=10.5, leading=13),
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=15, leading=19, alignment=1, spaceBefore=6
        ),
        "subtitle": ParagraphStyle(
            "subtitle", base, fontSize=10.5, leading=14, alignment=1, spaceAfter=8
        ),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=bold,
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),  # fmt: skip
        "body": ParagraphStyle("paragraph", base, spaceAfter=3, alignment=4),
        "label": ParagraphStyle("label", base, fontName=bold),
        "cell": base,
        "muted": ParagraphStyle("muted", base, fontSize=8, leading=10, textColor=MUTED),
    }


def _text(value) -> str:
    """Plain text made safe for a Paragraph, keeping the line breaks."""
    return escape(str(value if value not in (None, "") else "—")).replace("\n", "<br/>")


def _bold(value) -> str:
    return f"<b>{_text(value)}</b>"


def _date(value, language) -> str:
    return document_date(value, language) if value else "—"


def _work_mode(code: str) -> str:
    try:
        return str(Placement.WorkMode(code).label)
    except ValueError:
        return code


def _table(rows, style, widths=(52 * mm, None)) -> Table:
    table = Table(
        [
            [Paragraph(_text(label), style["label"]), Paragraph(_text(value), style["cell"])]
            for label, value in rows
        ],
        colWidths=list(widths),
        hAlign="LEFT",
        splitInRow=1,  # a value longer than a page (5,000 characters allowed) goes on over
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _representative(party: dict) -> str:
    name, function = party.get("representative"), party.get("representative_function")
    if name and function:
        return f"{name}, {function}"
    return name or function or ""


# The parties --------------------------------------------------------------------------


def _parties(facts, style) -> list:
    university, host, student = facts["university"], facts["host"], facts["student"]
    host_address = ", ".join(
        part
        for part in (
            host["address"],
            host["city"],
            _("%(county)s county") % {"county": host["county"]} if host["county"] else "",
        )
        if part
    )
    year = student["year"]
    return [
        Paragraph(
            _("1. <b>%(name)s</b>, the training organiser (the university), represented by:")
            % {"name": _text(university["name"])},
            style["body"],
        ),
        _table(
            [
                (_("Legal representative"), _representative(university)),
                (_("Faculty"), university["faculty"]),
                (_("Dean"), university["dean"]),
                (_("Address"), university["address"]),
                (_("Fiscal code (CIF)"), university["cif"]),
                (
                    _("Phone, e-mail"),
                    ", ".join(p for p in (university["phone"], university["email"]) if p),
                ),
            ],
            style,
        ),
        Spacer(0, 2 * mm),
        Paragraph(
            _("2. <b>%(name)s</b>, the host (partner of the practical training), represented by:")
            % {"name": _text(host["name"])},
            style["body"],
        ),
        _table(
            [
                (_("Legal representative"), _representative(host)),
                (_("Registered office"), host_address),
                (_("Registration number (CUI)"), host["cui"]),
                (_("Phone"), host["phone"]),
            ],
            style,
        ),
        Spacer(0, 2 * mm),
        Paragraph(
            _("3. <b>%(name)s</b>, the intern (the student):") % {"name": _text(student["name"])},
            style["body"],
        ),
        _table(
            [
                (_("Study programme"), student["programme"]),
                (_("Year of study"), year or ""),
                (_("Student number"), student["student_number"]),
                (
                    _("E-mail, phone"),
                    ", ".join(p for p in (student["email"], student["phone"]) if p),
                ),
            ],
            style,
        ),
    ]


# The facts the articles hold ------------------------------------------------------------


def _object(facts, style) -> list:
    return [
        Paragraph(
            _text(
                _(
                    "The intern carries out the practical training at %(host)s, as “%(title)s”, "
                    "during %(period)s, to acquire the professional competences set out in the "
                    "practice portfolio annexed to this agreement."
                )
                % {
                    "host": facts["host"]["name"],
                    "title": facts["title"],
                    "period": facts["period"],
                }
            ),
            style["body"],
        )
    ]


def _hours(count) -> str:
    """ "120 hours", and in Romanian "120 de ore" (the plural forms carry the "de")."""
    return ngettext("%(count)s hour", "%(count)s hours", int(count)) % {"count": count}


def _duration(facts, style, language) -> list:
    return [
        Paragraph(
            _text(
                _(
                    "The practical training lasts %(hours)s, from %(start)s to %(end)s, "
                    "%(per_week)s a week."
                )
                % {
                    "hours": _hours(facts["required_hours"]),
                    "start": _date(facts["starts_on"], language),
                    "end": _date(facts["ends_on"], language),
                    "per_week": _hours(facts["hours_per_week"]),
                }
            ),
            style["body"],
        )
    ]


def _place(facts) -> str:
    parts = [facts["place"], facts["city"]]
    if facts.get("county"):
        parts.append(_("%(county)s county") % {"county": facts["county"]})
    return ", ".join(p for p in parts if p)


def _schedule(facts, style) -> list:
    return [
        _table(
            [
                (_("Schedule"), facts["schedule"] or _("as agreed with the host tutor")),
                (_("Place of work"), _place(facts)),
                (_("Work mode"), _work_mode(facts["work_mode"])),
            ],
            style,
        )
    ]


def _person_rows(person) -> list:
    if not person:
        return [(_("Name"), _("not appointed yet"))]
    return [
        (_("Name"), person["name"]),
        (_("Position"), person["position"]),
        (_("Phone"), person["phone"]),
        (_("E-mail"), person["email"]),
    ]


def _mentors(facts, style) -> list:
    return [
        Paragraph(
            _text(_("The host tutor, responsible for the intern on behalf of the host:")),
            style["body"],
        ),
        _table(_person_rows(facts["host_tutor"]), style),
        Spacer(0, 2 * mm),
        Paragraph(
            _text(
                _("The academic supervisor, who follows the training on behalf of the university:")
            ),
            style["body"],
        ),
        _table(_person_rows(facts["academic_supervisor"]), style),
        Spacer(0, 2 * mm),
    ]


# The articles -------------------------------------------------------------------------


def _articles(body: str, facts, style, language) -> list:
    """The text's articles, numbered; the facts where the text puts their markers."""
    blocks = {
        "[[object]]": lambda: _object(facts, style),
        "[[duration]]": lambda: _duration(facts, style, language),
        "[[schedule]]": lambda: _schedule(facts, style),
        "[[mentors]]": lambda: _mentors(facts, style),
    }
    flowables, items, number = [], [], 0

    def close_list():
        if items:
            flowables.append(
                ListFlowable(
                    [ListItem(Paragraph(_text(i), style["body"]), leftIndent=12) for i in items],
                    bulletType="bullet",
                    start="–",
                    leftIndent=12,
                    bulletFontName=style["body"].fontName,
                )
            )
            items.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("- "):
            items.append(line[2:].strip())
            continue
        close_list()
        if line.startswith("# "):
            continue  # the title, drawn at the top (_title)
        if line.startswith("## "):
            number += 1
            flowables.append(
                Paragraph(
                    _("Art. %(number)d. %(title)s")
                    % {"number": number, "title": _text(line[3:].strip())},
                    style["heading"],
                )
            )
        elif line in blocks:
            flowables.extend(blocks[line]())
        else:
            flowables.append(Paragraph(_text(line), style["body"]))
    close_list()
    return flowables


# Signatures and the annex ---------------------------------------------------------------


def _title(body: str, style) -> list:
    """The text's `# ` lines: the first is the title, the others its subtitle."""
    lines = [
        line.strip()[2:].strip() for line in body.splitlines() if line.strip().startswith("# ")
    ]
    if not lines:
        lines = [_("FRAMEWORK AGREEMENT")]
    return [
        Paragraph(_text(line), style["title"] if i == 0 else style["subtitle"])
        for i, line in enumerate(lines)
    ]


def _signatures(facts, style) -> Table:
    university, host, student = facts["university"], facts["host"], facts["student"]

    def cell(text):
        return Paragraph(text, style["cell"])

    header = [
        cell(_bold(_("The university (training organiser)"))),
        cell(_bold(_("The host (partner of the practical training)"))),
        cell(_bold(_("The intern"))),
    ]
    rows = [
        header,
        [cell(_text(university["name"])), cell(_text(host["name"])), cell(_text(student["name"]))],
        [
            cell(
                _text(
                    _("Legal representative: %(who)s") % {"who": _representative(university) or "—"}
                )
            ),
            cell(_text(_("Legal representative: %(who)s") % {"who": _representative(host) or "—"})),
            cell(_text(_("Student: %(who)s") % {"who": student["name"]})),
        ],
        [
            cell(_text(_("Dean: %(who)s") % {"who": university["dean"] or "—"})),
            cell(
                _text(
                    _("Host tutor: %(who)s")
                    % {"who": (facts["host_tutor"] or {}).get("name") or "—"}
                )
            ),
            cell(""),
        ],
        [cell(_text(_("Date:")))] * 3,
        [cell(_text(_("Signature:")))] * 3,
        [cell(_text(_("Stamp:"))), cell(_text(_("Stamp:"))), cell("")],
        # The academic supervisor signs for the university too (and the practice portfolio).
        [
            [
                cell(
                    _text(
                        _("Academic supervisor: %(who)s")
                        % {"who": (facts["academic_supervisor"] or {}).get("name") or "—"}
                    )
                ),
                Spacer(0, 3 * mm),
                cell(_text(_("Signature:"))),
            ],
            cell(""),
            cell(""),
        ],
    ]
    table = Table(
        rows,
        colWidths=[None, None, None],
        rowHeights=[None, None, None, None, 9 * mm, 12 * mm, 18 * mm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _annex(facts, style, language) -> list:
    return [
        PageBreak(),
        Paragraph(_text(_("Annex: the practice portfolio")), style["title"]),
        Paragraph(
            _text(
                _("of %(student)s, %(programme)s")
                % {
                    "student": facts["student"]["name"],
                    "programme": facts["student"]["programme"] or "—",
                }
            ),
            style["subtitle"],
        ),
        _table(
            [
                (_("Position"), facts["title"]),
                (_("Host"), facts["host"]["name"]),
                (_("Internship period"), facts["period"]),
                (
                    _("Duration"),
                    _("%(hours)s, %(per_week)s a week")
                    % {
                        "hours": _hours(facts["required_hours"]),
                        "per_week": _hours(facts["hours_per_week"]),
                    },
                ),
                (
                    _("Dates"),
                    _("from %(start)s to %(end)s")
                    % {
                        "start": _date(facts["starts_on"], language),
                        "end": _date(facts["ends_on"], language),
                    },
                ),
                (_("Schedule"), facts["schedule"] or _("as agreed with the host tutor")),
                (_("Place of work"), _place(facts)),
                (
                    _("Host tutor"),
                    (facts["host_tutor"] or {}).get("name") or _("not appointed yet"),
                ),
                (
                    _("Academic supervisor"),
                    (facts["academic_supervisor"] or {}).get("name") or _("not appointed yet"),
                ),
                (_("Competences to acquire"), facts["competences"]),
                (_("Activities planned"), facts["activities"]),
                (
                    _("How it is assessed"),
                    _(
                        "The intern keeps the practice file (the logbook) day by day; the host "
                        "tutor approves its entries and fills in the evaluation forms at "
                        "mid-term and at the end; the academic supervisor records the result."
                    ),
                ),
                (_("Credits"), facts["credits"]),
            ],
            style,
            widths=(48 * mm, None),
        ),
        Spacer(0, 4 * mm),
        Paragraph(
            _text(
                _(
                    "Duties of the host tutor: guides the intern, sets the tasks, approves the "
                    "hours in the practice file, and evaluates the intern. Duties of the "
                    "academic supervisor: plans and follows the training with the tutor, "
                    "checks the practice file and records the result."
                )
            ),
            style["body"],
        ),
    ]


def _logo(logo: bytes | None):
    if not logo:
        return None
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(BytesIO(logo)).getSize()
    except Exception:  # a logo that cannot be read leaves the header without it
        return None
    return Image(
        BytesIO(logo), width=LOGO_HEIGHT * width / height, height=LOGO_HEIGHT, hAlign="LEFT"
    )


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


def render_agreement(*, facts: dict, body: str, number: int, logo: bytes | None = None) -> bytes:
    """The agreement of one version: its facts, its articles' text, its number."""
    language = facts.get("language", "ro")
    with translation.override(language):
        return _render(facts, body, number, logo, language)


def _render(facts, body, number, logo, language) -> bytes:
    regular, bold = register_fonts()
    style = _styles(regular, bold)
    title = _("FRAMEWORK AGREEMENT")
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{title} — {facts['student']['name']}",
        author=facts["university"]["name"],
        subject=facts["title"],
        creator="Practica",
        initialFontName=regular,
        invariant=1,
    )
    header = [flowable for flowable in (_logo(logo),) if flowable is not None]
    story = [
        *header,
        Paragraph(_text(facts["university"]["name"].upper()), style["university"]),
        Paragraph(_text(facts["university"]["faculty"]), style["muted"]),
        *_title(body, style),
        Paragraph(_text(_("This framework agreement is made between:")), style["body"]),
        *_parties(facts, style),
        Spacer(0, 2 * mm),
        *_articles(body, facts, style, language),
        Spacer(0, 4 * mm),
        KeepTogether(
            [
                Paragraph(_text(_("Signatures of the parties")), style["heading"]),
                _signatures(facts, style),
            ]
        ),
        *_annex(facts, style, language),
    ]
    footer = _footer(
        _("Version %(number)d") % {"number": number} + f" — {facts['student']['name']}", regular
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
