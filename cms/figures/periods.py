"""The period figures cover, its months or quarters for the trends, and the database filters for both.

A period is a run of whole days in the site's time zone. Moments (a sign-off, a session's start) are
compared with the first moment of each day, so the filters can use an index on the column itself.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, DateField, DateTimeField, Q
from django.db.models.functions import Trunc
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

    @property
    def monthly(self) -> bool:
        """Trends go by month for a period up to ``MONTHLY_UP_TO`` months long, by quarter beyond."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1 <= MONTHLY_UP_TO

    def buckets(self) -> list[tuple[datetime.date, datetime.date, str]]:
        """Months (or quarters for a long period) covering the period, each cut to fit inside it."""
        step = 1 if self.monthly else 3
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


def bucket_series(queryset, field_name: str, period: Period, *, moment: bool = False) -> list[int]:
    """How many rows of ``queryset`` fall in each of the period's buckets, by ``field_name``: one query,
    grouped by the month (or quarter) the field falls in. The rows outside the period are left out here, so
    the buckets, cut to fit inside it, count exactly what they cover. Grouping costs the same for three
    months or five years, where one filtered count per bucket made the query longer with every bucket."""
    kind = "month" if period.monthly else "quarter"
    truncated = Trunc(field_name, kind, output_field=DateTimeField() if moment else DateField())
    rows = (
        queryset.filter(in_period(field_name, period, moment=moment))
        .order_by()
        .values(bucket=truncated)
        .annotate(count=Count("pk"))
    )
    by_first = {}
    for row in rows:
        first = timezone.localtime(row["bucket"]).date() if moment else row["bucket"]
        by_first[first] = by_first.get(first, 0) + row["count"]
    return [by_first.get(_first_of(start, kind), 0) for start, _end, _label in period.buckets()]


def _first_of(day: datetime.date, kind: str) -> datetime.date:
    """The first day of the month, or of the quarter, that ``day`` is in, as the database truncates it."""
    if kind == "month":
        return day.replace(day=1)
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
