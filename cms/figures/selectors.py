"""Figures for commissioners: peer journeys, the workforce and youth-led training, for one area and period.

Everything here is an aggregate worked out in the database. Nothing names or links to a person, every count
goes through the one disclosure rule (``workforce.common.disclosure``), and a share, average or median is
shown only when the count it rests on would itself be shown. Each section takes a fixed number of queries,
whatever the size of the area or the period, so the page costs the same for a service and for England.

One module per section (``peer_figures``, ``workforce_figures``, ``training_figures``); the areas, the
periods and the tables they share live in ``areas``, ``periods`` and ``tables``.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

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
    "figures_as_at",
    "figures_keep",
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


def figures_as_at(*, area: Area, period: Period) -> tuple[list[Section], datetime.datetime]:
    """The figures, and when they were worked out.

    Across England they count every rating signed off in the period, which takes seconds at national size,
    and they are the same for every commissioner who asks. So they are kept in the shared cache for
    ``FIGURES_CACHE_SECONDS`` (a quarter of an hour unless set): anyone asking for the same area and period
    in that time gets them at once, and ``warm_figures`` works out the usual ones before anyone asks. What is
    kept is only what the page shows, after the disclosure rule, so the cache holds nothing about a person.
    ``FIGURES_CACHE_SECONDS = 0`` works them out every time.
    """
    if not settings.FIGURES_CACHE_SECONDS:
        return figures(area=area, period=period), timezone.now()
    kept = cache.get(cache_key(area, period))
    return kept if kept is not None else figures_keep(area=area, period=period)


def cache_key(area: Area, period: Period) -> str:
    return f"figures:1:{area.kind}:{area.pk}:{period.start:%Y%m%d}:{period.end:%Y%m%d}"


def figures_keep(*, area: Area, period: Period) -> tuple[list[Section], datetime.datetime]:
    """Work the figures out now and keep them in the cache, replacing any kept before."""
    kept = (figures(area=area, period=period), timezone.now())
    cache.set(cache_key(area, period), kept, settings.FIGURES_CACHE_SECONDS)
    return kept
