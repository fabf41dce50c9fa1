"""Certificates per second: the real renderer against a naive reportlab document and a bare
one-line canvas, then the real renderer on every core, as a period's bulk issue runs it;
each of the real renderer's figures unsigned and signed (PAdES, pyHanko, with a development
authority made for the run), and the share of the unsigned throughput signing keeps.

    cd /work/main && DJANGO_DEBUG=1 .venv/bin/python bench/certificates.py [--seconds N]
        [--signing both|signed|unsigned]

Each single-core measurement renders for a fixed time after a short warm-up; every PDF is
hashed with SHA-256, as issuing does. The last line reads `renderer/naive: R.Rx`.
"""

import argparse
import base64
import datetime
import hashlib
import io
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import formats, translation  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from core.pdf import register_fonts  # noqa: E402
from documents.issuing import render_both  # noqa: E402
from documents.pdf.certificate import render_certificate  # noqa: E402
from documents.signing import make_development_authority, sign_pdf  # noqa: E402

SITE_URL = "https://practica.ubbcluj.ro"
WARM_UP_SECONDS = 0.3
SLICE = 0.5
COMPETENCIES = [
    ("Professional communication", "Comunicare profesională", 5),
    ("Teamwork", "Lucru în echipă", 4),
    ("Problem solving", "Rezolvarea problemelor", 5),
    ("Technical knowledge", "Cunoștințe tehnice", 4),
    ("Time management", "Gestionarea timpului", 3),
    ("Initiative and autonomy", "Inițiativă și autonomie", 4),
    ("Professional ethics", "Etică profesională", 5),
]


def certificate_facts(number: int) -> dict:
    """What certificate_facts() reads from the database, for the `number`-th certificate:
    its own serial, verification code and URL (about 60 characters)."""
    code = base64.b32encode(hashlib.sha256(number.to_bytes(8, "big")).digest()[:15]).decode()
    return {
        "serial": f"PRA-2026-{number:06d}",
        "code": code,
        "url": SITE_URL + reverse("verify_certificate", args=[code]),
        "university": "Universitatea Babeș-Bolyai din Cluj-Napoca",
        "student": "Ioana Bălan-Țurcanu",
        "programme": "Informatică economică",
        "organisation": "Codează Someș SRL",
        "period": "Practică de vară 2026",
        "starts_on": datetime.date(2026, 7, 1),
        "ends_on": datetime.date(2026, 8, 28),
        "hours": 360,
        "host_tutor": "Ștefan Mureșan",
        "supervisor": "Conf. dr. Ancuța Țîrlea",
        "grade": 9,
        "passed": True,
        "credits": 6,
        "competencies": COMPETENCIES,
        "issued_on": datetime.date(2026, 9, 15),
    }


def in_language(facts: dict, language: str) -> dict:
    """The facts one language version prints, as render_both() hands them to the renderer."""
    names = [(ro if language == "ro" else en, score) for en, ro, score in facts["competencies"]]
    return {**facts, "competencies": names}


# The three documents -----------------------------------------------------------------------


def real_certificate(number: int) -> str:
    pdf = render_certificate(in_language(certificate_facts(number), "ro"), "ro")
    return hashlib.sha256(pdf).hexdigest()


def signed_certificate(number: int) -> str:
    """The real certificate with the university's signature, as issuing makes it."""
    pdf = render_certificate(in_language(certificate_facts(number), "ro"), "ro")
    return hashlib.sha256(sign_pdf(pdf, reason=f"Certificat {number}")).hexdigest()


def naive_certificate(number: int) -> str:
    """The same certificate the obvious way: platypus paragraphs, a table, the QR widget."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    facts = in_language(certificate_facts(number), "ro")
    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=16, alignment=TA_CENTER)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=12, alignment=0)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=24, leading=30)
    name = ParagraphStyle("name", parent=body, fontName=bold, fontSize=20, leading=26)
    header = ParagraphStyle("header", parent=body, fontName=bold, fontSize=13)
    buffer = io.BytesIO()
    with translation.override("ro"):
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            title=_("Internship certificate %(serial)s") % facts,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
        )
        size = 36 * mm
        drawing = Drawing(size, size)
        drawing.add(QrCodeWidget(facts["url"], barWidth=size, barHeight=size, barLevel="M"))
        result = _("grade %(grade)s of 10, %(outcome)s, %(credits)s credits") % {
            **facts,
            "outcome": _("passed"),
        }
        competencies = Table(
            [[n, f"{score} / 5"] for n, score in facts["competencies"]],
            colWidths=[100 * mm, 30 * mm],
            style=TableStyle(
                [
                    ("FONT", (0, 0), (0, -1), regular, 10),
                    ("FONT", (1, 0), (1, -1), bold, 10),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#d5dbe5")),
                ]
            ),
        )
        facts_table = Table(
            [
                [_("Host tutor"), facts["host_tutor"]],
                [_("Academic supervisor"), facts["supervisor"]],
                [_("Result"), result],
            ],
            colWidths=[58 * mm, 90 * mm],
            style=TableStyle(
                [("FONT", (0, 0), (0, -1), bold, 10), ("FONT", (1, 0), (1, -1), regular, 10)]
            ),
        )
        verification = [
            Paragraph(
                _("Issued on %(date)s. Check that this certificate is genuine and valid at:")
                % {"date": formats.date_format(facts["issued_on"])},
                small,
            ),
            Paragraph(facts["url"], small),
            Paragraph(_("Verification code: %(code)s") % facts, small),
        ]
        story = [
            Paragraph(facts["university"].upper(), header),
            Paragraph(_("Internship office"), body),
            Spacer(1, 10 * mm),
            Paragraph(_("INTERNSHIP CERTIFICATE"), title),
            Paragraph(_("Serial number %(serial)s") % facts, body),
            Spacer(1, 8 * mm),
            Paragraph(_("This certifies that"), body),
            Paragraph(facts["student"], name),
            Paragraph(_("student of the %(programme)s programme,") % facts, body),
            Paragraph(_("completed an internship at %(organisation)s") % facts, body),
            Paragraph(
                _("from %(start)s to %(end)s (%(period)s),")
                % {
                    "start": formats.date_format(facts["starts_on"]),
                    "end": formats.date_format(facts["ends_on"]),
                    "period": facts["period"],
                },
                body,
            ),
            Paragraph(_("with %(hours)s approved hours of practice.") % facts, body),
            Spacer(1, 6 * mm),
            facts_table,
            Spacer(1, 6 * mm),
            Paragraph(f"<b>{_('Competencies assessed by the host tutor (1 to 5)')}</b>", small),
            competencies,
            Spacer(1, 16 * mm),
            Table(
                [[_("Internship office"), _("Academic supervisor")]],
                colWidths=[85 * mm] * 2,
                style=TableStyle([("FONT", (0, 0), (-1, -1), regular, 9)]),
            ),
            Spacer(1, 10 * mm),
            Table(
                [[verification, drawing]],
                colWidths=[120 * mm, 40 * mm],
                style=TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]),
            ),
        ]
        doc.build(story)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def bare_canvas(number: int) -> str:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, f"Certificate PRA-2026-{number:06d}")
    canvas.save()
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def both_languages(number: int) -> tuple[str, str]:
    """What a period's bulk issue does per internship: render_both(), both PDFs hashed."""
    pdfs = render_both(certificate_facts(number))
    return hashlib.sha256(pdfs["ro"]).hexdigest(), hashlib.sha256(pdfs["en"]).hexdigest()


# Measuring ---------------------------------------------------------------------------------


def report(name: str, count: int, seconds: float) -> float:
    rate = count / seconds
    print(f"{name:<32} {count:>6} in {seconds:5.2f} s  {rate:8.1f} per second", flush=True)
    return rate


def one_core(renderers: dict, seconds: float) -> dict[str, float]:
    """Each renderer for `seconds` in all, after a short warm-up, in turns of SLICE seconds:
    a load that comes and goes on the machine then weighs on all of them alike."""
    turns = max(1, round(seconds / SLICE))
    counts = dict.fromkeys(renderers, 0)
    elapsed = dict.fromkeys(renderers, 0.0)
    digests = {name: set() for name in renderers}
    number = 0
    for render in renderers.values():
        deadline = time.perf_counter() + WARM_UP_SECONDS
        while time.perf_counter() < deadline:
            render(number)
            number += 1
    for _turn in range(turns):
        for name, render in renderers.items():
            start = time.perf_counter()
            deadline = start + seconds / turns
            while time.perf_counter() < deadline:
                digests[name].add(render(number))
                number += 1
                counts[name] += 1
            elapsed[name] += time.perf_counter() - start
    rates = {}
    for name in renderers:
        # Every PDF carries its own serial: identical bytes would mean nothing was rendered.
        if len(digests[name]) != counts[name]:
            raise SystemExit(f"{name}: some PDFs were identical")
        rates[name] = report(name, counts[name], elapsed[name])
    return rates


def use_signing(directory: Path | None) -> None:
    """Sign with the authority in `directory` (None: sign nothing), as SIGNING_* would; a
    process pool started afterwards inherits it."""
    settings.SIGNING_CERTIFICATE = str(directory / "signing.p12") if directory else ""
    settings.SIGNING_CERTIFICATE_PASSWORD = "bench"  # noqa: S105
    settings.SIGNING_TRUST_ROOTS = [str(directory / "ca.pem")] if directory else []


def all_cores(single_rate: float, seconds: float, label: str = "") -> float:
    """A batch sized to take about `seconds` on every core, through a process pool as
    run_issue_job() uses it; counted in PDFs (two per certificate) to compare with one core."""
    workers = os.cpu_count() or 1
    internships = max(workers, round(single_rate / 2 * seconds * workers))
    first = 500_000
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(both_languages, range(first, first + workers)))  # start the workers
        start = time.perf_counter()
        digests = list(
            pool.map(
                both_languages,
                range(first + workers, first + workers + internships),
                chunksize=max(1, internships // (workers * 8)),
            )
        )
        elapsed = time.perf_counter() - start
    pdfs = 2 * len(digests)
    if len({digest for pair in digests for digest in pair}) != pdfs:
        raise SystemExit("bulk: some PDFs were identical")
    return report(f"bulk render_both{label}, {workers} processes", pdfs, elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Certificates per second: the real renderer, a naive reportlab document, "
        "a bare canvas, and the real renderer on every core, unsigned and signed."
    )
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="time per measurement (default 3)"
    )
    parser.add_argument(
        "--signing",
        choices=("both", "signed", "unsigned"),
        default="both",
        help="measure the real renderer unsigned, signed, or both (default)",
    )
    options = parser.parse_args()
    seconds = options.seconds
    signed = options.signing in ("both", "signed")
    unsigned = options.signing in ("both", "unsigned")
    authority = Path(tempfile.mkdtemp(prefix="practica-bench-signing-")) / "authority"
    make_development_authority(authority, name="Universitatea din Cluj", password="bench")  # noqa: S106
    use_signing(authority)
    print(f"{os.cpu_count()} cores, {seconds:g} s per measurement, every PDF hashed", flush=True)
    renderers = {
        "real renderer (ro)": real_certificate,
        "naive platypus + QR widget": naive_certificate,
        "bare one-line canvas": bare_canvas,
    }
    if signed:
        renderers["real renderer (ro), signed"] = signed_certificate
    rates = one_core(renderers, seconds)
    real, naive, bare = (rates[name] for name in list(renderers)[:3])
    bulk = bulk_signed = None
    if unsigned:
        use_signing(None)
        bulk = all_cores(real, seconds)
    if signed:
        use_signing(authority)
        bulk_signed = all_cores(rates["real renderer (ro), signed"], seconds, ", signed")
    print(f"real/naive: {real / naive:.1f}x")
    print(f"real/bare: {real / bare:.2f}x")
    if bulk:
        print(f"bulk/real: {bulk / real:.1f}x")
    if signed:
        print(f"signed/unsigned (one core): {rates['real renderer (ro), signed'] / real:.0%}")
    if bulk and bulk_signed:
        print(f"signed/unsigned (bulk): {bulk_signed / bulk:.0%}")
    print(f"renderer/naive: {real / naive:.1f}x")


if __name__ == "__main__":
    main()
