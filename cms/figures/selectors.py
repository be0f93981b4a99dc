"""Figures for commissioners: peer journeys, the workforce and youth-led training, for one area and period.

Everything here is an aggregate worked out in the database. Nothing names or links to a person, every count
goes through the one disclosure rule (``workforce.common.disclosure``), and a share, average or median is
shown only when the count it rests on would itself be shown. Each section takes a fixed number of queries,
whatever the size of the area or the period, so the page costs the same for a service and for England.

One module per section (``peer_figures``, ``workforce_figures``, ``training_figures``); the areas, the
periods and the tables they share live in ``areas``, ``periods`` and ``tables``.
"""

from cms.figures.areas import ENGLAND, Area, areas_for
from cms.figures.peer_figures import peer_section
from cms.figures.periods import Period
from cms.figures.tables import Section, Table
from cms.figures.training_figures import training_section
from cms.figures.workforce_figures import workforce_section

__all__ = [
    "ENGLAND",
    "Area",
    "Period",
    "Section",
    "Table",
    "areas_for",
    "figures",
    "peer_section",
    "training_section",
    "workforce_section",
]


def figures(*, area: Area, period: Period, now=None) -> list[Section]:
    return [
        peer_section(area=area, period=period),
        workforce_section(area=area, period=period),
        training_section(area=area, period=period, now=now),
    ]
