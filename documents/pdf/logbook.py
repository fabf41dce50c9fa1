"""The practice file (caiet de practică) the student hands in to the university: the header
with the university, faculty and programme, the internship's facts and terms, the logbook
week by week with each week's hours, the totals against the required hours, and the
signature blocks of the student, the host tutor and the academic supervisor.

Approved entries are printed; entries awaiting approval are printed and marked, and their
hours are not counted as done; drafts and returned entries are never printed.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from mentors.models import LogbookEntry

from . import paperwork
from .paperwork import FONT, HEADER_FILL, RULE, day, hours, text

PRINTED = (LogbookEntry.Status.APPROVED, LogbookEntry.Status.SUBMITTED)
WEEK_FILL = colors.HexColor("#f1f4f8")
AWAITING_FILL = colors.HexColor("#fff4d6")
CHUNK = 600  # characters of activities per table row
CHUNK_LINES = 12  # printed lines (about 60 characters each) per table row


@dataclass
class Week:
    """The entries of one ISO week (Monday to Sunday) and its hours."""

    monday: date
    entries: list = field(default_factory=list)
    approved: Decimal = Decimal(0)
    awaiting: Decimal = Decimal(0)

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def weeks_of(entries) -> list[Week]:
    """The printed entries (approved and awaiting approval) by ISO week, in date order."""
    printed = sorted(
        (entry for entry in entries if entry.status in PRINTED), key=lambda e: (e.date, e.pk)
    )
    weeks = []
    for monday, group in groupby(printed, key=lambda e: e.date - timedelta(days=e.date.weekday())):
        week = Week(monday=monday, entries=list(group))
        for entry in week.entries:
            if entry.status == LogbookEntry.Status.APPROVED:
                week.approved += entry.hours
            else:
                week.awaiting += entry.hours
        weeks.append(week)
    return weeks


def _cut(line: str, size: int) -> list[str]:
    parts = []
    while len(line) > size:
        cut = line.rfind(" ", size // 2, size)
        cut = cut if cut > 0 else size
        parts.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    return [*parts, line]


def _pieces(activities: str) -> list[str]:
    """Long activities cut into pieces (at line ends or spaces), each sure to fit on a page."""
    pieces, current, lines = [], "", 0
    for line in (part for raw in activities.strip().splitlines() for part in _cut(raw, CHUNK)):
        if current and (len(current) + len(line) > CHUNK or lines >= CHUNK_LINES):
            pieces.append(current)
            current, lines = "", 0
        current = f"{current}\n{line}" if current else line
        lines += 1 + len(line) // 60
    return [*pieces, current]


def _week_heading(week: Week) -> str:
    return _("Week %(number)d: %(monday)s – %(sunday)s") % {
        "number": week.number,
        "monday": day(week.monday),
        "sunday": day(week.sunday),
    }


def _week_total(week: Week) -> str:
    return _("Week total: %(approved)s h approved, %(awaiting)s h awaiting approval") % {
        "approved": hours(week.approved),
        "awaiting": hours(week.awaiting),
    }


def _entry_rows(entry, style) -> list[list]:
    """One entry's rows: a table row cannot break across pages, so long activities continue
    on extra rows."""
    awaiting = entry.status == LogbookEntry.Status.SUBMITTED
    pieces = [Paragraph(text(piece), style["cell"]) for piece in _pieces(entry.activities)]
    notes = []
    skills = ", ".join(str(skill) for skill in entry.skills.all())
    if skills:
        notes.append(Paragraph(text(_("Skills: %(skills)s") % {"skills": skills}), style["muted"]))
    if entry.review_comment:
        notes.append(
            Paragraph(
                text(_("Tutor's comment: %(comment)s") % {"comment": entry.review_comment}),
                style["muted"],
            )
        )
    status = (
        Paragraph(text(_("AWAITING APPROVAL")), style["strong"])
        if awaiting
        else Paragraph(text(entry.get_status_display()), style["cell"])
    )
    rows = [
        [
            Paragraph(text(day(entry.date)), style["cell"]),
            Paragraph(hours(entry.hours), style["number"]),
            status,
            [pieces[0], *(notes if len(pieces) == 1 else [])],
        ]
    ]
    for number, piece in enumerate(pieces[1:], start=2):
        rows.append(["", "", "", [piece, *(notes if number == len(pieces) else [])]])
    return rows


def _entries(weeks: list[Week], style) -> Table | Paragraph:
    if not weeks:
        return Paragraph(text(_("No approved or submitted entries yet.")), style["body"])
    rows = [
        [
            Paragraph(text(_("Date")), style["head"]),
            Paragraph(text(_("Hours")), style["head"]),
            Paragraph(text(_("Status")), style["head"]),
            Paragraph(text(_("Activities")), style["head"]),
        ]
    ]
    commands = []
    for week in weeks:
        rows.append([Paragraph(text(_week_heading(week)), style["strong"]), "", "", ""])
        commands += [
            ("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
            ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), WEEK_FILL),
            ("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.5, RULE),
        ]
        for entry in week.entries:
            first = len(rows)
            rows += _entry_rows(entry, style)
            commands.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.25, RULE))
            if entry.status == LogbookEntry.Status.SUBMITTED:
                commands.append(("BACKGROUND", (0, first), (-1, len(rows) - 1), AWAITING_FILL))
        rows.append([Paragraph(text(_week_total(week)), style["total"]), "", "", ""])
        commands.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
    table = Table(
        rows,
        colWidths=[28 * mm, 16 * mm, 28 * mm, None],
        repeatRows=1,
        hAlign="LEFT",
        splitInRow=1,  # the tutor's comment (3,000 characters) goes on over the page
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *commands,
            ]
        )
    )
    return table


def _totals(internship, weeks: list[Week], style) -> Table:
    approved = sum((week.approved for week in weeks), Decimal(0))
    awaiting = sum((week.awaiting for week in weeks), Decimal(0))
    required = Decimal(internship.required_hours)
    rows = [
        (_("Approved hours"), hours(approved)),
        (_("Hours awaiting approval"), hours(awaiting)),
        (_("Required hours"), hours(required)),
        (_("Approved hours still needed"), hours(max(required - approved, Decimal(0)))),
    ]
    table = Table(
        [
            [Paragraph(text(label), style["label"]), Paragraph(value, style["number"])]
            for label, value in rows
        ],
        colWidths=[70 * mm, 20 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _render(internship, entries, language: str) -> bytes:
    style = paperwork.styles()
    name = internship.student.display_name
    weeks = weeks_of(entries)
    story = [
        *paperwork.header(
            internship, style, title=_("Practice file"), subtitle=name, language=language
        ),
        paperwork.facts(internship, style, language=language),
        Paragraph(text(_("Activities by week")), style["heading"]),
        Paragraph(
            text(
                _(
                    "Approved entries count toward the required hours. Entries marked "
                    "“awaiting approval” are shown for information: their hours count once "
                    "the host tutor approves them."
                )
            ),
            style["muted"],
        ),
        Spacer(0, 2 * mm),
        _entries(weeks, style),
        Paragraph(text(_("Total")), style["heading"]),
        _totals(internship, weeks, style),
        paperwork.signatures(
            [
                paperwork.signer(_("Student"), internship.student),
                paperwork.signer(
                    _("Host tutor"),
                    internship.host_tutor,
                    note=_("Stamp of the host organisation"),
                ),
                paperwork.signer(_("Academic supervisor"), internship.academic_supervisor),
            ],
            style,
        ),
    ]
    footer = _("Practice file — %(name)s") % {"name": name}
    return paperwork.build(
        story, style, title=footer, author=name, subject=internship.title, footer=footer
    )


def logbook_pdf(internship, entries) -> bytes:
    """The practice file of one internship, in its period's documents' language.

    `internship` comes from mentors.queries.internship_detail, `entries` from
    documents.queries.practice_file_entries (anything not approved or awaiting approval is
    left out here too)."""
    language = paperwork.document_language(internship)
    with translation.override(language):
        return _render(internship, entries, language)
