"""The period figures cover, its months or quarters for the trends, and the database filters for both.

A period is a run of whole days in the site's time zone. Moments (a sign-off, a session's start) are
compared with the first moment of each day, so the filters can use an index on the column itself.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from workforce.common.dates import add_months

# Trends by month for a period up to this many months, by quarter beyond.
MONTHLY_UP_TO = 13


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def buckets(self) -> list[tuple[datetime.date, datetime.date, str]]:
        """Months (or quarters for a long period) covering the period, each cut to fit inside it."""
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        step = 1 if months <= MONTHLY_UP_TO else 3
        first = self.start.replace(day=1)
        if step == 3:
            first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
        buckets = []
        while first <= self.end:
            following = add_months(first, step)
            start, end = max(first, self.start), min(following - datetime.timedelta(days=1), self.end)
            label = f"{first:%b %Y}" if step == 1 else f"{first:%b}–{following - datetime.timedelta(days=1):%b %Y}"
            buckets.append((start, end, label))
            first = following
        return buckets

    def labels(self) -> list[str]:
        return [label for _start, _end, label in self.buckets()]


def day_begins(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def days_between(field_name: str, start: datetime.date, end: datetime.date, *, moment: bool = False) -> Q:
    """``field_name`` falls on one of the days from ``start`` to ``end``; ``moment`` for a date and time."""
    if moment:
        return Q(
            **{
                f"{field_name}__gte": day_begins(start),
                f"{field_name}__lt": day_begins(end + datetime.timedelta(days=1)),
            }
        )
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})


def in_period(field_name: str, period: Period, *, moment: bool = False) -> Q:
    return days_between(field_name, period.start, period.end, moment=moment)


def bucket_counts(
    prefix: str, field_name: str, period: Period, *, moment: bool = False, also: Q | None = None
) -> dict[str, Count]:
    """Aggregates counting the rows in each of the period's buckets (and matching ``also``), named
    ``<prefix>0``, ``<prefix>1``...; read them back with ``bucket_values``."""
    return {
        f"{prefix}{index}": Count("pk", filter=days_between(field_name, start, end, moment=moment) & (also or Q()))
        for index, (start, end, _label) in enumerate(period.buckets())
    }


def bucket_values(totals: dict, prefix: str, period: Period) -> list[int]:
    return [totals[f"{prefix}{index}"] for index in range(len(period.buckets()))]
