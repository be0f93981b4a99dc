"""The demo commissioner sees figures, not stars: the figures demo tops up the other parts' demo data until
every count for England and each demo region over the last 12 months is 0 or at least 8, and loading it
again adds nothing."""

from importlib import import_module

import pytest
from django.contrib.auth import get_user_model

from cms.figures import demo as figures_demo
from competencies.models import Assessment, Rating
from peernet.models import Peer
from tests.cms.figures.test_figures import tables
from tests.factories.assessments import small_framework
from workforce.models import Region, TrainingAttendance, TrainingSession

pytestmark = pytest.mark.django_db
# The other parts' demo data the figures demo builds on, in the order load_demo_data runs them.
BEFORE = ["workforce.people.demo", "workforce.training.demo", "competencies.assessments.demo", "peernet.journeys.demo"]


def _cells(client, area):
    page = tables(client.get("/figures/", {"area": area, "period": "12"}))
    return [cell for key, rows in page.items() if key.startswith("table-") for row in rows[1:] for cell in row[1:]]


def _areas():
    regions = Region.objects.filter(services__name__endswith="Liaison and Diversion").distinct()
    return ["england", *(f"region-{region.pk}" for region in regions)]


def _sizes():
    return [model.objects.count() for model in (Peer, Assessment, Rating, TrainingSession, TrainingAttendance)]


def test_the_demo_commissioner_sees_numbers_not_stars_and_a_second_load_adds_nothing(client):
    small_framework()
    for name in BEFORE:
        import_module(name).load()
    client.force_login(get_user_model().objects.get(email="helen.marsh@example.org"))
    assert any("*" in _cells(client, area) for area in _areas())
    figures_demo.load()
    for area in _areas():
        cells = _cells(client, area)
        assert "*" not in cells, area
        assert any(cell not in ("0", "–") for cell in cells), area
    sizes = _sizes()
    figures_demo.load()
    assert _sizes() == sizes
