"""What apps above mentoring add to the internship page, which mentoring owns.

An app registers a panel: its template and a function giving what that template needs for
one internship and its viewer (documents adds the certificate). The page shows each panel
where its own sections end, in the order registered, without importing those apps.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable  # (internship, viewer) -> dict for the template


PANELS: dict[str, Panel] = {}


def register(template: str, context: Callable) -> None:
    PANELS[template] = Panel(template=template, context=context)


def panels_of(internship, viewer) -> list[tuple[str, dict]]:
    """Each registered panel's template and its context for this internship and viewer."""
    return [(panel.template, panel.context(internship, viewer)) for panel in PANELS.values()]
