"""Working out the commissioners' figures ahead of time, so the first person to look does not wait."""

import datetime

from django.conf import settings
from django.utils import timezone

from cms.figures.areas import ENGLAND, Area
from cms.figures.forms import FiguresForm
from cms.figures.selectors import figures_keep
from workforce.models import Region, Service

# The periods the dashboard offers first: the page opens on the last 12 months.
USUAL_PERIODS = ("12", "3")


def figures_warm(*, today: datetime.date | None = None) -> int:
    """Work out and keep the figures for England, every region and every active service, for the usual
    periods; returns how many sets were kept. Nothing is kept when ``FIGURES_CACHE_SECONDS`` is 0.

    Run it more often than the figures are kept (``warm_figures`` every 10 minutes keeps the default quarter
    of an hour covered), so a commissioner opening the dashboard is served from the cache. A period someone
    chooses for themselves is still worked out when they ask for it.
    """
    if not settings.FIGURES_CACHE_SECONDS:
        return 0
    today = today or timezone.localdate()
    regions = Region.objects.filter(active=True).order_by("name")
    services = Service.objects.filter(active=True).order_by("name")
    areas = [
        ENGLAND,
        *(Area("region", region.pk, region.name) for region in regions),
        *(Area("service", service.pk, service.name) for service in services),
    ]
    form = FiguresForm(areas=areas, today=today)
    kept = 0
    for choice in USUAL_PERIODS:
        period = form.period_for(choice)
        for area in areas:
            figures_keep(area=area, period=period)
            kept += 1
    return kept
