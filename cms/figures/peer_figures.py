"""Figures for commissioners, section 1: peer journeys and outcomes.

Counted in the database in four queries, whatever the number of peers: one for every count (the outcomes
included), one for the middle one or two lengths of stay behind the median, and one for each trend (started
and ended) grouped by month or quarter.
"""

from django.db.models import Count, F, Q

from cms.figures.areas import Area
from cms.figures.periods import Period, bucket_series, in_period
from cms.figures.tables import NOTHING, Section, Table, shown_if, trend_chart
from peernet.journeys.selectors import MOVED_ON_WELL
from peernet.models import Peer, Stage
from workforce.common.disclosure import disclose, disclose_share

DAYS_PER_MONTH = 30.4375


def _median_months(ended, count: int) -> str:
    """The median months from start to end of ``count`` ended peers: the middle one, or the mean of the
    middle two, read from the database in order of length."""
    middle = slice(max((count - 1) // 2, 0), count // 2 + 1)  # asked even for none, so the count is fixed
    lengths = ended.order_by(F("ended_on") - F("start_date"), "pk").values_list("start_date", "ended_on")[middle]
    days = [(end - start).days for start, end in lengths]
    return f"{sum(days) / len(days) / DAYS_PER_MONTH:.0f}" if days else NOTHING


def peer_section(*, area: Area, period: Period) -> Section:
    """Peers who started, were active and ended in the period, where those who ended went, and how long
    they stayed."""
    peers = area.filter(Peer.objects.filter(start_date__isnull=False, start_date__lte=period.end)).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start)
    )
    started = in_period("start_date", period)
    ended = Q(stage=Stage.ENDED) & in_period("ended_on", period)
    active = Q(stage__in=(Stage.ACTIVE, Stage.MOVE_ON, Stage.ENDED))
    totals = peers.aggregate(
        started=Count("pk", filter=started),
        ended=Count("pk", filter=ended),
        active=Count("pk", filter=active),
        paid_active=Count("pk", filter=active & Q(paid=True)),
        moved_on_well=Count("pk", filter=ended & Q(outcome__in=MOVED_ON_WELL)),
        **{f"outcome_{value}": Count("pk", filter=ended & Q(outcome=value)) for value in Peer.Outcome.values},
    )
    median = shown_if(totals["ended"], _median_months(peers.filter(ended), totals["ended"]))
    summary = Table(
        "peers",
        "Peers in the period",
        ["Figure", "Number"],
        [
            ["Peers who started", disclose(totals["started"])],
            ["Peers active at any time in the period", disclose(totals["active"])],
            ["Peers who ended", disclose(totals["ended"])],
            ["Paid peer support workers active", disclose(totals["paid_active"])],
            [
                "Moved into paid work or education (share of those who ended)",
                disclose_share(totals["moved_on_well"], totals["ended"]),
            ],
            ["Median months from start to end", median],
        ],
    )
    outcomes = Table(
        "peer-outcomes",
        "Where peers who ended went next",
        ["Outcome", "Peers"],
        [[label, disclose(totals[f"outcome_{value}"])] for value, label in Peer.Outcome.choices],
    )
    labels = period.labels()
    started_by = [disclose(n) for n in bucket_series(peers, "start_date", period)]
    ended_by = [disclose(n) for n in bucket_series(peers.filter(stage=Stage.ENDED), "ended_on", period)]
    trend = Table(
        "peer-trend",
        "Peers who started and ended, over the period",
        ["When", "Started", "Ended"],
        [[label, s, e] for label, s, e in zip(labels, started_by, ended_by, strict=True)],
    )
    return Section(
        key="peers",
        title="Peer journeys and outcomes",
        intro="Peer support workers and volunteers in this area: who started, who was active and who ended.",
        tables=[summary, outcomes, trend],
        chart=trend_chart(
            chart_id="peer-trend-chart",
            title="Peers who started and ended",
            labels=labels,
            series=[("Started", started_by), ("Ended", ended_by)],
            summary=f"{disclose(totals['started'])} started and {disclose(totals['ended'])} ended in the period. "
            "The table after the chart has the same figures.",
        ),
    )
