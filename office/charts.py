"""Small charts drawn on the server as inline SVG: no JavaScript, no CDN.

Each chart is an image with a title and a description for screen readers (role="img",
aria-label, <title>, <desc>); the page puts the same numbers in a table beside it. Labels
are escaped; numbers go through the active locale. The colours are those of static/css/app.css.
"""

from itertools import count

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BRAND = "#1f4e8c"  # --brand
INK = "#1d2433"  # --ink
MUTED = "#4a5468"  # --muted
LINE = "#d5dbe5"  # --line

FONT_SIZE = 13
ROW_HEIGHT = 26
BAR_HEIGHT = 18
LABEL_WIDTH = 210
BAR_AREA = 330
VALUE_WIDTH = 60
MAX_LABEL_CHARS = 28

_ids = count(1)


def _number(value) -> str:
    if value == int(value):  # 12.0 hours reads as 12
        value = int(value)
    return number_format(value, force_grouping=True)


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _open(*, width: int, height: int, title: str, description: str, css_class: str) -> str:
    chart_id = f"chart-{next(_ids)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(title)}" aria-describedby="{chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="{FONT_SIZE}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _describe(items) -> str:
    return "; ".join(f"{label}: {_number(value)}" for label, value in items)


def bar_chart(title: str, items: list[tuple[str, float]]) -> SafeString:
    """Horizontal bars, one a row: the label on the left, the value at the end of the bar."""
    items = [(str(label), value or 0) for label, value in items]
    largest = max((value for _label, value in items), default=0) or 1
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = max(len(items), 1) * ROW_HEIGHT + 8
    parts = [
        _open(
            width=width,
            height=height,
            title=title,
            description=_describe(items),
            css_class="chart--bars",
        )
    ]
    for row, (label, value) in enumerate(items):
        y = 4 + row * ROW_HEIGHT
        bar = round(BAR_AREA * float(value) / float(largest), 1)
        text_y = y + BAR_HEIGHT - 4
        parts.append(
            f"<g><title>{escape(label)}: {escape(_number(value))}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" fill="{INK}">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_AREA}" height="{BAR_HEIGHT}" '
            f'fill="{LINE}" fill-opacity="0.35"></rect>'
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y}" width="{bar}" '
            f'height="{BAR_HEIGHT}" fill="{BRAND}"></rect>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{text_y}" fill="{INK}">'
            f"{escape(_number(value))}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every label and number is escaped above)


def column_chart(title: str, items: list[tuple[str, float]]) -> SafeString:
    """Vertical columns for a series over time (weeks): the label under each column, the
    value above it, and a baseline."""
    items = [(str(label), value or 0) for label, value in items]
    largest = max((value for _label, value in items), default=0) or 1
    column, gap, plot_height, top, bottom = 34, 12, 160, 22, 24
    width = max(len(items), 1) * (column + gap) + gap
    height = top + plot_height + bottom
    baseline = top + plot_height
    parts = [
        _open(
            width=width,
            height=height,
            title=title,
            description=_describe(items),
            css_class="chart--columns",
        ),
        f'<line x1="0" y1="{baseline}" x2="{width}" y2="{baseline}" stroke="{MUTED}"></line>',
    ]
    for index, (label, value) in enumerate(items):
        x = gap + index * (column + gap)
        bar = round(plot_height * float(value) / float(largest), 1)
        middle = x + column / 2
        parts.append(
            f"<g><title>{escape(label)}: {escape(_number(value))}</title>"
            f'<rect class="chart-bar" x="{x}" y="{baseline - bar}" width="{column}" '
            f'height="{bar}" fill="{BRAND}"></rect>'
            f'<text x="{middle}" y="{baseline - bar - 5}" text-anchor="middle" fill="{INK}">'
            f"{escape(_number(value))}</text>"
            f'<text x="{middle}" y="{baseline + 17}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(_short(label))}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every label and number is escaped above)
