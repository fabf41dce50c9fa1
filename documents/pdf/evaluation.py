"""The evaluation forms as printable PDFs: the host tutor's mid-term and final evaluations,
the student's self-evaluation and rating of the host, and the academic supervisor's
result. Each has the practice file's header and facts, what was filled in, who filled it
in and when, and the signature blocks. Only a submitted evaluation is printed (the views
see to it).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from mentors.models import Evaluation

from . import paperwork
from .paperwork import FONT, HEADER_FILL, RULE, day, text

K = Evaluation.Kind


def _competency(competency, language: str) -> str:
    return (competency.name_ro if language == "ro" else "") or competency.name


def _out_of(score, best: int) -> str:
    if score is None:
        return _("Not answered")
    return _("%(score)s out of %(best)s") % {"score": score, "best": best}


def _rows_table(rows, style) -> Table:
    table = Table(
        [
            [Paragraph(text(label), style["label"]), Paragraph(text(value), style["body"])]
            for label, value in rows
        ],
        colWidths=[60 * mm, None],
        hAlign="LEFT",
        splitInRow=1,  # a long value goes on over the page
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _scores(evaluation, style, language: str) -> Table | Paragraph:
    scores = list(evaluation.scores.all())
    if not scores:
        return Paragraph(text(_("No scores given.")), style["body"])
    rows = [
        [
            Paragraph(text(_("Competency")), style["head"]),
            Paragraph(text(_("Score (1-5)")), style["head"]),
            Paragraph(text(_("Comment")), style["head"]),
        ]
    ]
    for score in scores:
        rows.append(
            [
                Paragraph(text(_competency(score.competency, language)), style["cell"]),
                Paragraph(str(score.score), style["number"]),
                Paragraph(text(score.comment), style["cell"]),
            ]
        )
    average = (Decimal(sum(s.score for s in scores)) / len(scores)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    rows.append(
        [
            Paragraph(text(_("Average")), style["strong"]),
            Paragraph(floatformat(average, -2), style["total"]),
            "",
        ]
    )
    table = Table(
        rows,
        colWidths=[62 * mm, 22 * mm, None],
        repeatRows=1,
        hAlign="LEFT",
        splitInRow=1,  # a comment of a thousand characters (or lines) goes on over the page
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.75, RULE),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _host_rating(evaluation, style) -> Table:
    recommend = {True: _("Yes"), False: _("No"), None: _("Not answered")}
    return _rows_table(
        [
            (_("Relevance of the tasks"), _out_of(evaluation.task_relevance, 5)),
            (_("Quality of the mentoring"), _out_of(evaluation.mentoring_quality, 5)),
            (_("Would recommend the host"), recommend[evaluation.would_recommend]),
        ],
        style,
    )


def _evaluation_signers(evaluation, internship) -> list[dict]:
    """The author signs on the day of submission; the academic supervisor countersigns what
    the host tutor or the student wrote."""
    signed_on = evaluation.submitted_at
    if evaluation.kind in (K.MIDTERM, K.FINAL):
        author_role = _("Host tutor (evaluator)")
        note = _("Stamp of the host organisation")
    else:
        author_role = _("Student")
        note = ""
    signers = [paperwork.signer(author_role, evaluation.author, signed_on=signed_on, note=note)]
    if evaluation.kind != K.HOST_RATING:
        signers.append(paperwork.signer(_("Academic supervisor"), internship.academic_supervisor))
    return signers


def _evaluation_story(internship, evaluation, style, language: str) -> list:
    filled_in = _("Filled in by %(name)s, submitted on %(date)s") % {
        "name": evaluation.author.display_name,
        "date": day(evaluation.submitted_at),
    }
    story = [
        *paperwork.header(
            internship,
            style,
            title=evaluation.get_kind_display(),
            language=language,
        ),
        paperwork.facts(internship, style, language=language),
        Spacer(0, 3 * mm),
        Paragraph(text(filled_in), style["body"]),
    ]
    if evaluation.kind in Evaluation.RUBRIC_KINDS:
        story += [
            Paragraph(text(_("Competencies")), style["heading"]),
            _scores(evaluation, style, language),
        ]
    else:
        story += [Paragraph(text(_("Rating")), style["heading"]), _host_rating(evaluation, style)]
    story += [
        Paragraph(text(_("Overall comment")), style["heading"]),
        Paragraph(text(evaluation.comment), style["body"]),
        paperwork.signatures(_evaluation_signers(evaluation, internship), style),
    ]
    return story


def evaluation_pdf(internship, evaluation) -> bytes:
    """A submitted evaluation (`evaluation` from mentors.queries.evaluations_of, with its
    author and scores loaded), in the period's documents' language."""
    language = paperwork.document_language(internship)
    with translation.override(language):
        style = paperwork.styles()
        name = internship.student.display_name
        title = f"{evaluation.get_kind_display()} — {name}"
        return paperwork.build(
            _evaluation_story(internship, evaluation, style, language),
            style,
            title=title,
            author=evaluation.author.display_name,
            subject=internship.title,
            footer=title,
        )


def _result_story(internship, result, style, language: str) -> list:
    outcome = _("Passed") if result.passed else _("Failed")
    rows = [
        (_("Grade"), _("%(grade)s out of 10") % {"grade": result.grade}),
        (_("Outcome"), outcome),
        (_("Credits"), result.credits),
        (
            _("Approved hours"),
            _("%(approved)s of %(required)s required")
            % {
                "approved": paperwork.hours(getattr(internship, "approved_hours", None)),
                "required": internship.required_hours,
            },
        ),
        (_("Recorded by"), result.recorded_by.display_name),
        (_("Recorded on"), day(result.recorded_at)),
    ]
    return [
        *paperwork.header(
            internship,
            style,
            title=_("Academic result"),
            language=language,
        ),
        paperwork.facts(internship, style, language=language),
        Paragraph(text(_("Result")), style["heading"]),
        _rows_table(rows, style),
        Paragraph(text(_("Comment")), style["heading"]),
        Paragraph(text(result.comment), style["body"]),
        paperwork.signatures(
            [
                paperwork.signer(
                    _("Academic supervisor"), result.recorded_by, signed_on=result.recorded_at
                ),
                paperwork.signer(_("Student"), internship.student),
            ],
            style,
        ),
    ]


def result_pdf(internship, result) -> bytes:
    """The academic supervisor's result (`result` from mentors.queries.result_of), with the
    internship from mentors.queries.internship_detail (its approved hours annotated)."""
    language = paperwork.document_language(internship)
    with translation.override(language):
        style = paperwork.styles()
        title = _("Academic result — %(name)s") % {"name": internship.student.display_name}
        return paperwork.build(
            _result_story(internship, result, style, language),
            style,
            title=title,
            author=result.recorded_by.display_name,
            subject=internship.title,
            footer=title,
        )
