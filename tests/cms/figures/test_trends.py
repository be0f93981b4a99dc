"""The trends on the commissioner dashboard: each row lands in the month (or quarter) it falls in, in the
site's time zone, and a period that starts or ends mid-month counts only its own days."""

import datetime

import pytest
from django.utils import timezone

from cms.figures.periods import Period, bucket_series, day_begins
from peernet.models import Peer
from tests.factories.training import YouthSessionFactory
from tests.factories.workforce import StaffProfileFactory
from workforce.models import TrainingSession

pytestmark = pytest.mark.django_db


def _expected(period: Period, days: list[datetime.date]) -> list[int]:
    """The same counts worked out here, one bucket at a time, from the buckets' own first and last days."""
    return [sum(start <= day <= end for day in days) for start, end, _label in period.buckets()]


@pytest.mark.parametrize(
    "period",
    [
        Period(datetime.date(2025, 3, 17), datetime.date(2026, 3, 16)),  # a year from mid-month: monthly
        Period(datetime.date(2021, 2, 10), datetime.date(2026, 1, 20)),  # five years: quarterly
    ],
    ids=["monthly", "quarterly"],
)
def test_dates_land_in_their_month_or_quarter_and_days_outside_the_period_are_left_out(period):
    coordinator = StaffProfileFactory()
    days = [
        period.start - datetime.timedelta(days=1),  # the day before: not counted
        period.start,
        period.start + datetime.timedelta(days=14),
        datetime.date(2025, 6, 30),
        datetime.date(2025, 7, 1),
        datetime.date(2025, 9, 30),
        datetime.date(2025, 10, 1),
        period.end,
        period.end + datetime.timedelta(days=1),  # the day after: not counted
    ]
    Peer.objects.bulk_create(
        Peer(display_name=f"Peer {n}", service=coordinator.service, coordinator=coordinator, start_date=day)
        for n, day in enumerate(days)
    )
    counts = bucket_series(Peer.objects.all(), "start_date", period)
    assert counts == _expected(period, days)
    assert sum(counts) == sum(period.contains(day) for day in days)


def test_moments_are_counted_by_the_day_they_fall_on_in_the_sites_time_zone():
    # 00:30 on 1 July in London is 23:30 on 30 June in UTC: it belongs to July here, whatever UTC says.
    period = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    moments = [
        day_begins(datetime.date(2025, 7, 1)) + datetime.timedelta(minutes=30),
        day_begins(datetime.date(2025, 7, 1)) - datetime.timedelta(minutes=30),
        day_begins(datetime.date(2025, 1, 1)),
        day_begins(datetime.date(2026, 1, 1)),  # the first moment after the period
    ]
    for moment in moments:
        YouthSessionFactory(starts_at=moment)
    counts = bucket_series(TrainingSession.objects.all(), "starts_at", period, moment=True)
    local_days = [timezone.localtime(moment).date() for moment in moments]
    assert counts == _expected(period, local_days)
    assert counts[5:7] == [1, 1]  # June and July: one each
