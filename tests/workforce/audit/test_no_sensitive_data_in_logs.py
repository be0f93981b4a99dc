"""The main flows, run with a sentinel in every name and note, leave it in no log line and no error page."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from competencies.models import Rating
from peernet.journeys import selectors as journey_selectors
from peernet.models import Peer, Supervision
from tests.factories.assessments import small_framework, start
from tests.factories.peers import PeerFactory
from tests.factories.training import YouthOrganisationFactory
from workforce.models import YoungExpert

pytestmark = pytest.mark.django_db
SENTINEL = "SENTINEL-7Q2X"


def _records(caplog) -> str:
    return "\n".join(f"{record.getMessage()} {record.args} {record.__dict__}" for record in caplog.records)


def _as_written(caplog) -> str:
    """The records as the site's console handler writes them: through its filters and its formatter."""
    handler = logging.getHandlerByName("console")
    lines = []
    for record in caplog.records:
        if handler.filter(record):
            lines.append(handler.format(record))
    return "\n".join(lines)


def test_rating_and_reviewing_an_assessment_logs_no_sentinel(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    framework = small_framework()
    staff = world.profile("staff_member")
    assessment = start(staff, framework)
    domain = framework.domains[0]
    client.force_login(staff.user)
    data = {"next": "1"}
    for rating in assessment.ratings.filter(competence__domain=domain):
        data[f"r{rating.pk}-value"] = 3
        data[f"r{rating.pk}-evidence"] = f"Evidence {SENTINEL}"
        data[f"r{rating.pk}-revision"] = rating.self_revision

    rated = client.post(reverse("competencies:assessment-rate", args=[assessment.pk, domain.pk]), data)
    client.get(reverse("competencies:assessment-results", args=[assessment.pk]))
    # A rating off the scale, refused, with the sentinel in what was sent.
    bad = {key: (99 if key.endswith("-value") else value) for key, value in data.items()}
    client.post(reverse("competencies:assessment-rate", args=[assessment.pk, domain.pk]), bad)

    assert rated.status_code == 302
    assert Rating.objects.filter(assessment=assessment, evidence=f"Evidence {SENTINEL}").exists()
    assert SENTINEL not in _records(caplog)


def test_saving_peer_supervision_and_young_expert_logs_no_sentinel(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    coordinator = world.profile("peer_coordinator")
    peer = PeerFactory(service=world.service, coordinator=coordinator, display_name=f"Peer {SENTINEL}")
    client.force_login(coordinator.user)

    saved = client.post(
        reverse("peernet:peer_supervision_add", kwargs={"pk": peer.pk}),
        {
            "held_on": "2026-01-05",
            "wellbeing": Supervision.Wellbeing.NEEDS_SUPPORT,
            "notes": SENTINEL,
            "actions": SENTINEL,
            "next_due_on": "2026-02-05",
        },
    )
    client.get(reverse("peernet:peer_detail", kwargs={"pk": peer.pk}))
    # A save that fails validation, with the sentinel in what was sent.
    client.post(reverse("peernet:peer_supervision_add", kwargs={"pk": peer.pk}), {"notes": SENTINEL})

    client.force_login(world.users["participation_lead"])
    organisation = YouthOrganisationFactory()
    expert_saved = client.post(
        reverse("workforce:training-young-expert-add"),
        {
            "display_name": f"Young {SENTINEL}",
            "age_band": YoungExpert.AgeBand.EIGHTEEN_TWENTY_ONE,
            "organisation": organisation.pk,
            "consent": "on",
            "safeguarding_contact": SENTINEL,
            "recognition": YoungExpert.Recognition.VOUCHER,
            "active": "on",
        },
    )

    assert saved.status_code == 302
    assert expert_saved.status_code == 302
    assert Supervision.objects.filter(notes=SENTINEL).exists()
    assert YoungExpert.objects.filter(safeguarding_contact=SENTINEL).exists()
    assert caplog.records, "the flows should have logged something (SQL at DEBUG, at least)"
    # SQL is logged at DEBUG only when DEBUG is on; what is logged must never carry the values.
    assert SENTINEL not in _records(caplog)


def test_an_error_page_shows_no_record_details(world, settings, monkeypatch, caplog):
    settings.DEBUG = False
    caplog.set_level(logging.DEBUG)
    coordinator = world.profile("peer_coordinator")
    peer = PeerFactory(service=world.service, coordinator=coordinator, display_name=f"Peer {SENTINEL}")

    def broken(*, user, pk):
        found = Peer.objects.get(pk=pk)
        raise RuntimeError(f"could not show {found.display_name}")

    monkeypatch.setattr(journey_selectors, "peer_record", broken)
    browser = Client(raise_request_exception=False)
    browser.force_login(coordinator.user)

    response = browser.get(reverse("peernet:peer_detail", kwargs={"pk": peer.pk}))

    assert response.status_code == 500
    assert SENTINEL not in response.content.decode()
    # Django logs the error with its traceback; the log keeps where it happened, not what it said.
    written = _as_written(caplog)
    assert "RuntimeError: [message withheld" in written
    assert SENTINEL not in written
