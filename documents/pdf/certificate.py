"""The certificate: one page drawn straight on the canvas, with its QR code."""

import functools
import io
import itertools

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from core.pdf import document_date, register_fonts

# The certificate ---------------------------------------------------------------------------
#
# Drawn straight on the canvas (no platypus) and with the QR code as merged rectangles in a
# single path: QR widgets and layout engines are what make naive certificates slow.


@functools.cache
def _qr_layout(version: int):
    """What every level-M, mask-0 code of this version shares: the function patterns with
    the format information, and the data modules in placement order with their mask bit."""
    from reportlab.graphics.barcode import qrencoder

    level = qrencoder.QRErrorCorrectLevel.M
    qr = qrencoder.QRCode(version, level)
    qr.moduleCount = size = version * 4 + 17
    qr.modules = [[False] * size for _ in range(size)]
    qr.setupPositionProbePattern(0, 0)
    qr.setupPositionProbePattern(size - 7, 0)
    qr.setupPositionProbePattern(0, size - 7)
    qr.setupPositionAdjustPattern()
    qr.setupTimingPattern()
    qr.setupTypeInfo(False, 0)
    if version >= 7:
        qr.setupTypeNumber(False)
    positions = [(row, col, (row + col) % 2 == 0) for col, row in qr.dataPosIterator()]
    blocks = [
        (b.dataCount, b.totalCount - b.dataCount)
        for b in qrencoder.QRRSBlock.getRSBlocks(version, level)
    ]
    return size, qr.modules, positions, blocks


@functools.cache
def _generator_logs(ec_count: int) -> list[int]:
    """The Reed-Solomon generator polynomial (without its leading 1), as logarithms."""
    from reportlab.graphics.barcode import qrencoder

    coefficients = qrencoder.QRUtil.getErrorCorrectPolynomial(ec_count).num[1:]
    return [qrencoder.LOG_TABLE[c] for c in coefficients]


def _error_correction(data: bytes, ec_count: int) -> list[int]:
    from reportlab.graphics.barcode.qrencoder import EXP_TABLE, LOG_TABLE

    generator = _generator_logs(ec_count)
    remainder = [0] * ec_count
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = remainder[1:] + [0]
        if factor:
            log = LOG_TABLE[factor]
            for i, g in enumerate(generator):
                remainder[i] ^= EXP_TABLE[(log + g) % 255]
    return remainder


def qr_runs(text: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR code of `text` (byte mode, level M, mask 0) as (size, [(row, first column,
    length) of dark runs]). reportlab's encoder, written for any input, takes longer than
    the rest of the certificate; this one does only what a URL needs, with the fixed part
    of each version computed once."""
    data = text.encode()
    for version in range(1, 41):
        size, template, positions, blocks = _qr_layout(version)
        capacity = sum(count for count, _ in blocks)
        length_bits = 8 if version < 10 else 16
        if 4 + length_bits + 8 * len(data) <= capacity * 8:
            break
    else:
        raise ValueError("Too long for a QR code.")
    # Mode (byte), length, the bytes, up to four zero bits, zeros to a byte, pad bytes.
    bits = 4 + length_bits + 8 * len(data)
    value = ((0b0100 << length_bits) | len(data)) << (8 * len(data)) | int.from_bytes(data)
    terminator = min(4, capacity * 8 - bits)
    value <<= terminator
    bits += terminator
    value <<= -bits % 8
    codewords = value.to_bytes((bits + 7) // 8) + bytes([0xEC, 0x11]) * capacity
    codewords = codewords[:capacity]
    # Split into blocks, correct each, interleave.
    data_blocks, ec_blocks, offset = [], [], 0
    for count, ec_count in blocks:
        block = codewords[offset : offset + count]
        offset += count
        data_blocks.append(block)
        ec_blocks.append(_error_correction(block, ec_count))
    stream = [
        codeword
        for group in (data_blocks, ec_blocks)
        for column in itertools.zip_longest(*group)
        for codeword in column
        if codeword is not None
    ]
    bitstring = "".join(f"{codeword:08b}" for codeword in stream)
    bitstring += "0" * (len(positions) - len(bitstring))
    modules = [row[:] for row in template]
    for (row, col, mask), bit in zip(positions, bitstring, strict=True):
        modules[row][col] = (bit == "1") != mask
    runs = []
    for row, line in enumerate(modules):
        col = 0
        for dark, group in itertools.groupby(line):
            length = len(list(group))
            if dark:
                runs.append((row, col, length))
            col += length
    return size, runs


def draw_qr(canvas, text: str, x: float, y: float, width: float) -> None:
    size, runs = qr_runs(text)
    quiet = 2
    module = width / (size + 2 * quiet)
    path = canvas.beginPath()
    for row, col, length in runs:
        path.rect(
            x + (col + quiet) * module,
            y + (size - row - 1 + quiet) * module,
            length * module,
            module,
        )
    canvas.drawPath(path, stroke=0, fill=1)


WIDTH, HEIGHT = A4
LEFT = 30 * mm
INK, BRAND, MUTED, RULE = (HexColor(v) for v in ("#1d2433", "#1f4e8c", "#4a5468", "#d5dbe5"))


def render_certificate(facts: dict, language: str) -> bytes:
    """One A4 page: who, where, when, how many hours, by whom, the result, the
    competencies of the final evaluation, the serial, the date and the QR to verify it."""
    fonts = register_fonts()
    buffer = io.BytesIO()
    with translation.override(language):
        c = Canvas(buffer, pagesize=A4, pageCompression=0)
        c.setTitle(_("Internship certificate %(serial)s") % {"serial": facts["serial"]})
        c.setAuthor(facts["university"])
        _draw_frame(c)
        _draw_header(c, facts, fonts)
        y = _draw_student_block(c, facts, fonts)
        y = _draw_facts_table(c, facts, fonts, y)
        _draw_competencies(c, facts, fonts, y)
        _draw_signature_lines(c, fonts)
        _draw_verification_footer(c, facts, fonts)
        c.showPage()
        c.save()
    return buffer.getvalue()


# The steps, in the order they draw, share the canvas's state: the facts table and the
# signature lines write in the fill colour (ink) that the steps before them leave.


def _draw_frame(c) -> None:
    """A double border in the brand colour."""
    c.setStrokeColor(BRAND)
    c.setLineWidth(2)
    c.rect(12 * mm, 12 * mm, WIDTH - 24 * mm, HEIGHT - 24 * mm)
    c.setLineWidth(0.5)
    c.rect(14 * mm, 14 * mm, WIDTH - 28 * mm, HEIGHT - 28 * mm)


def _draw_header(c, facts: dict, fonts: tuple[str, str]) -> None:
    """The university, the office, the title and the serial number, centred."""
    regular, bold = fonts
    c.setFillColor(BRAND)
    c.setFont(bold, 13)
    c.drawCentredString(WIDTH / 2, HEIGHT - 32 * mm, facts["university"].upper())
    c.setFillColor(MUTED)
    c.setFont(regular, 10)
    c.drawCentredString(WIDTH / 2, HEIGHT - 38 * mm, _("Internship office"))
    c.setFillColor(INK)
    c.setFont(bold, 24)
    c.drawCentredString(WIDTH / 2, HEIGHT - 58 * mm, _("INTERNSHIP CERTIFICATE"))
    c.setFont(regular, 10)
    c.setFillColor(MUTED)
    c.drawCentredString(
        WIDTH / 2, HEIGHT - 65 * mm, _("Serial number %(serial)s") % {"serial": facts["serial"]}
    )


def _draw_student_block(c, facts: dict, fonts: tuple[str, str]) -> float:
    """The student's name and what they did, where and when; returns the next line's height."""
    regular, bold = fonts
    c.setFillColor(INK)
    c.setFont(regular, 12)
    c.drawCentredString(WIDTH / 2, HEIGHT - 82 * mm, _("This certifies that"))
    c.setFont(bold, 20)
    c.drawCentredString(WIDTH / 2, HEIGHT - 93 * mm, facts["student"])
    c.setFont(regular, 11)
    lines = [
        _("student of the %(programme)s programme,") % facts,
        _("completed an internship at %(organisation)s") % facts,
        _("from %(start)s to %(end)s (%(period)s),")
        % {
            "start": document_date(facts["starts_on"], translation.get_language()),
            "end": document_date(facts["ends_on"], translation.get_language()),
            "period": facts["period"],
        },
        _("with %(hours)s approved hours of practice.")
        % {"hours": formats.number_format(facts["hours"], decimal_pos=0)},
    ]
    y = HEIGHT - 104 * mm
    for line in lines:
        c.drawCentredString(WIDTH / 2, y, line)
        y -= 6.5 * mm
    return y


def _draw_facts_table(c, facts: dict, fonts: tuple[str, str], y: float) -> float:
    """Host tutor, academic supervisor and the result, label beside value."""
    regular, bold = fonts
    y -= 4 * mm
    rows = [
        (_("Host tutor"), facts["host_tutor"]),
        (_("Academic supervisor"), facts["supervisor"]),
        (
            _("Result"),
            ngettext(
                "grade %(grade)s of 10, %(outcome)s, %(credits)s credit",
                "grade %(grade)s of 10, %(outcome)s, %(credits)s credits",
                facts["credits"] or 0,
            )
            % {
                "grade": facts["grade"],
                "credits": facts["credits"],
                "outcome": _("passed") if facts["passed"] else _("failed"),
            }
            if facts["grade"]
            else _("not recorded"),
        ),
    ]
    for label, value in rows:
        c.setFont(bold, 10)
        c.drawString(LEFT, y, label)
        c.setFont(regular, 10)
        c.drawString(LEFT + 58 * mm, y, value)
        y -= 6 * mm
    return y


def _draw_competencies(c, facts: dict, fonts: tuple[str, str], y: float) -> None:
    """The competencies of the final evaluation with their scores, if it had any."""
    if not facts["competencies"]:
        return
    regular, bold = fonts
    y -= 4 * mm
    c.setFont(bold, 11)
    c.setFillColor(BRAND)
    c.drawString(LEFT, y, _("Competencies assessed by the host tutor (1 to 5)"))
    c.setFillColor(INK)
    y -= 7 * mm
    for name, score in facts["competencies"]:
        c.setFont(regular, 10)
        c.drawString(LEFT + 4 * mm, y, name)
        c.setFont(bold, 10)
        c.drawRightString(WIDTH - 75 * mm, y, f"{score} / 5")
        c.setStrokeColor(RULE)
        c.line(LEFT + 4 * mm, y - 2 * mm, WIDTH - 75 * mm, y - 2 * mm)
        y -= 6.5 * mm


def _draw_signature_lines(c, fonts: tuple[str, str]) -> None:
    """Two lines to sign on: the internship office and the academic supervisor."""
    regular, _bold = fonts
    c.setStrokeColor(INK)
    c.setFont(regular, 9)
    for x, title in (
        (30 * mm, _("Internship office")),
        (WIDTH / 2 + 10 * mm, _("Academic supervisor")),
    ):
        c.line(x, 72 * mm, x + 60 * mm, 72 * mm)
        c.drawString(x, 67 * mm, title)


def _draw_verification_footer(c, facts: dict, fonts: tuple[str, str]) -> None:
    """The date of issue, where to check the certificate, its code and the QR code."""
    regular, _bold = fonts
    c.setFillColor(MUTED)
    c.setFont(regular, 8.5)
    c.drawString(
        30 * mm,
        36 * mm,
        _("Issued on %(date)s. Check that this certificate is genuine and valid at:")
        % {"date": document_date(facts["issued_on"], translation.get_language())},
    )
    c.setFillColor(BRAND)
    c.drawString(30 * mm, 31 * mm, facts["url"])
    c.setFillColor(MUTED)
    c.drawString(30 * mm, 26 * mm, _("Verification code: %(code)s") % facts)
    c.setFillColor(INK)
    draw_qr(c, facts["url"], WIDTH - 58 * mm, 20 * mm, 36 * mm)


# The mark of a revoked certificate -------------------------------------------------------

REVOKED_RED = HexColor("#b3261e")


def _revoked_stamp(width: float, height: float, *, revoked_on, serial: str) -> bytes:
    """One transparent page: a large diagonal REVOKED and, along the top, a banner saying
    since when the certificate is not valid. Drawn in the active language."""
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(width, height), pageCompression=0)
    word = _("Revoked").upper()  # the status word the pages show, as a stamp
    c.saveState()
    c.setFillColor(REVOKED_RED, alpha=0.28)
    c.setStrokeColor(REVOKED_RED, alpha=0.55)
    c.translate(width / 2, height / 2)
    c.rotate(52)
    size = min(110, 1.3 * width / max(len(word), 1))
    c.setFont(bold, size)
    text = c.beginText()
    text.setTextRenderMode(2)  # fill and outline: readable over any ink
    text.setFont(bold, size)
    text.setTextOrigin(-c.stringWidth(word, bold, size) / 2, -size / 3)
    text.textOut(word)
    c.drawText(text)
    c.restoreState()
    c.setFillColor(REVOKED_RED)
    c.rect(0, height - 10 * mm, width, 10 * mm, stroke=0, fill=1)
    c.setFillColor(HexColor("#ffffff"))
    c.setFont(bold, 10)
    c.drawCentredString(
        width / 2,
        height - 6.5 * mm,
        _("%(word)s: certificate %(serial)s was revoked on %(date)s and is not valid.")
        % {
            "word": word,
            "serial": serial,
            "date": document_date(revoked_on, translation.get_language()),
        },
    )
    c.showPage()
    c.save()
    return buffer.getvalue()


def mark_revoked(content: bytes, language: str, *, revoked_on, serial: str) -> bytes:
    """The certificate as issued, with the REVOKED mark (in its language) on every page."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(content))
    stamps = {}
    with translation.override(language):
        for page in writer.pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            if size not in stamps:
                stamps[size] = PdfReader(
                    io.BytesIO(_revoked_stamp(*size, revoked_on=revoked_on, serial=serial))
                ).pages[0]
            page.merge_page(stamps[size])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
