"""Every change and read carries who, when, from where and which request; the trail page finds them."""

import csv
import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from peernet.models import Supervision
from tests.factories.peers import PeerFactory
from tests.factories.training import YoungExpertFactory
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce.audit import registry, services
from workforce.audit.models import AccessEvent

pytestmark = pytest.mark.django_db
SENTINEL = "SENTINEL-7Q2X"


def _coordinator_and_peer(world):
    coordinator = world.profile("peer_coordinator")
    return coordinator, PeerFactory(service=world.service, coordinator=coordinator, display_name="Sam T")


def test_every_watched_model_is_registered_with_auditlog():
    from auditlog.registry import auditlog

    assert all(auditlog.contains(model) for model in registry.audited_models())


def test_a_change_made_in_the_app_records_actor_ip_and_request_id(client, world):
    coordinator, peer = _coordinator_and_peer(world)
    client.force_login(coordinator.user)

    response = client.post(
        reverse("peernet:peer_supervision_add", kwargs={"pk": peer.pk}),
        {
            "held_on": "2026-01-05",
            "wellbeing": Supervision.Wellbeing.OK,
            "notes": SENTINEL,
            "actions": "",
            "next_due_on": "2026-02-05",
        },
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get(content_type__model="supervision")
    assert entry.actor == coordinator.user
    # X-Forwarded-For from a browser is not believed without a trusted proxy.
    assert entry.remote_addr == "198.51.100.7"
    assert entry.cid == response["X-Request-ID"]
    assert entry.changes["notes"] == ["", registry.HIDDEN]
    assert SENTINEL not in str(entry.changes)


def test_opening_a_peer_record_is_logged_once_with_the_reader(client, world, django_assert_max_num_queries):
    coordinator, peer = _coordinator_and_peer(world)
    client.force_login(coordinator.user)

    response = client.get(reverse("peernet:peer_detail", kwargs={"pk": peer.pk}), REMOTE_ADDR="198.51.100.8")

    assert response.status_code == 200
    event = AccessEvent.objects.exclude(outcome=AccessEvent.Outcome.SIGNED_IN).get()
    assert (event.actor, event.outcome, event.object_pk) == (coordinator.user, AccessEvent.Outcome.READ, str(peer.pk))
    assert event.content_type.model == "peer"
    assert event.url_name == "peernet:peer_detail"
    assert event.ip == "198.51.100.8"
    assert event.request_id == response["X-Request-ID"]


def test_another_services_record_is_refused_and_the_attempt_logged(client, world):
    other = PeerFactory(service=world.other_service)
    client.force_login(world.users["peer_coordinator"])

    response = client.get(reverse("peernet:peer_detail", kwargs={"pk": other.pk}))

    assert response.status_code == 404
    event = AccessEvent.objects.exclude(outcome=AccessEvent.Outcome.SIGNED_IN).get()
    assert (event.actor, event.outcome, event.object_pk, event.status_code) == (
        world.users["peer_coordinator"],
        AccessEvent.Outcome.REFUSED,
        str(other.pk),
        404,
    )


def test_a_young_experts_details_are_logged_when_opened(client, world):
    expert = YoungExpertFactory()
    client.force_login(world.users["participation_lead"])

    assert client.get(reverse("workforce:training-young-expert", kwargs={"pk": expert.pk})).status_code == 200
    assert AccessEvent.objects.get(outcome=AccessEvent.Outcome.READ).content_type.model == "youngexpert"


def test_sign_in_sign_out_and_failed_sign_in_are_logged(client):
    user = UserFactory(username="signer@example.org")

    client.post(reverse("login"), {"username": "signer@example.org", "password": "wrong password"})
    client.force_login(user)
    client.post(reverse("logout"))

    outcomes = list(AccessEvent.objects.order_by("pk").values_list("outcome", "actor_username"))
    assert outcomes == [
        (AccessEvent.Outcome.SIGN_IN_FAILED, "signer@example.org"),
        (AccessEvent.Outcome.SIGNED_IN, "signer@example.org"),
        (AccessEvent.Outcome.SIGNED_OUT, "signer@example.org"),
    ]


def test_bulk_update_leaves_an_event_per_row():
    peer = PeerFactory()
    supervisions = [
        Supervision.objects.create(
            peer=peer,
            held_on=datetime.date(2026, 1, day),
            supervisor=peer.coordinator,
            wellbeing=Supervision.Wellbeing.OK,
            next_due_on=datetime.date(2026, 2, 1),
        )
        for day in (5, 6)
    ]

    count = services.audited_update(Supervision.objects.filter(peer=peer), notes=SENTINEL)

    assert count == 2
    updates = LogEntry.objects.filter(action=LogEntry.Action.UPDATE, content_type__model="supervision")
    assert sorted(updates.values_list("object_pk", flat=True)) == sorted(str(s.pk) for s in supervisions)
    assert all(entry.changes["notes"] == ["", registry.HIDDEN] for entry in updates)


def test_a_service_manager_finds_their_services_peer_and_not_another_services(client, world):
    _, peer = _coordinator_and_peer(world)
    PeerFactory(service=world.other_service, display_name="Other Peer")
    client.force_login(world.users["service_manager"])

    page = client.get(reverse("workforce:audit-trail"), {"show": "changes", "subject": "Sam"}).content.decode()
    assert "Sam T (peer support volunteer" in page
    page = client.get(reverse("workforce:audit-trail"), {"show": "changes", "subject": "Other Peer"}).content.decode()
    assert "Other Peer (" not in page
    assert "0 events" in page


def test_an_administrator_exports_the_trail_for_one_record(client, world):
    _, peer = _coordinator_and_peer(world)
    client.force_login(world.users["administrator"])

    response = client.get(
        reverse("workforce:audit-trail-export", kwargs={"file_format": "csv"}),
        {"kind": "peernet.Peer", "record": peer.pk},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["When", "Who", "Action"]
    assert [row[2] for row in rows[1:]] == ["create"]
    assert rows[1][4] == str(peer.pk)


def test_the_trail_page_query_count_does_not_grow_with_events(client, world, django_assert_max_num_queries):
    coordinator = world.profile("peer_coordinator")
    for n in range(30):
        PeerFactory(service=world.service, coordinator=coordinator, display_name=f"Peer {n}")
    StaffProfileFactory(service=world.service)
    client.force_login(world.users["service_manager"])

    with django_assert_max_num_queries(14):
        response = client.get(reverse("workforce:audit-trail"))

    assert response.status_code == 200
    assert response.content.decode().count("nhsuk-table__row") > 30


def test_an_administrator_sees_who_opened_a_record(client, world):
    coordinator, peer = _coordinator_and_peer(world)
    client.force_login(coordinator.user)
    client.get(reverse("peernet:peer_detail", kwargs={"pk": peer.pk}))
    client.force_login(world.users["administrator"])

    page = client.get(reverse("workforce:audit-trail"), {"show": "reads", "kind": "peernet.Peer", "record": peer.pk})

    content = page.content.decode()
    assert "Opened" in content
    assert coordinator.user.get_username() in content
    assert "1 event" in content


def test_who_acted_in_a_request_is_not_kept_for_changes_made_after_it(client, world):
    """auditlog's context outlives its request unless reset; a later change (a command, a task) must not be
    filed under the last person who made a request on the same thread."""
    coordinator, peer = _coordinator_and_peer(world)
    client.force_login(coordinator.user)
    assert client.get(reverse("peernet:peer_detail", kwargs={"pk": peer.pk})).status_code == 200
    supervision = Supervision.objects.create(
        peer=peer,
        held_on=datetime.date(2026, 1, 5),
        supervisor=coordinator,
        wellbeing=Supervision.Wellbeing.OK,
        next_due_on=datetime.date(2026, 2, 1),
    )

    services.audited_update(Supervision.objects.filter(pk=supervision.pk), notes="after the request")

    entries = LogEntry.objects.filter(content_type__model="supervision", object_pk=str(supervision.pk))
    assert entries.count() == 2
    assert all(entry.actor is None and entry.remote_addr is None for entry in entries)


def test_acting_as_files_changes_under_that_person_and_only_inside(world):
    coordinator, peer = _coordinator_and_peer(world)
    with services.acting_as(coordinator.user, ip="192.0.2.4"):
        inside = Supervision.objects.create(
            peer=peer,
            held_on=datetime.date(2026, 1, 5),
            supervisor=coordinator,
            wellbeing=Supervision.Wellbeing.OK,
            next_due_on=datetime.date(2026, 2, 1),
        )
    services.audited_update(Supervision.objects.filter(pk=inside.pk), notes="outside")

    created, updated = LogEntry.objects.filter(content_type__model="supervision").order_by("pk")
    assert (created.actor, created.remote_addr) == (coordinator.user, "192.0.2.4")
    assert (updated.actor, updated.remote_addr) == (None, None)


def test_recording_a_new_row_reads_none_of_the_links_to_it(django_assert_num_queries):
    """auditlog reads the fields of a new row; links from other models (a place's feedback, a peer's
    supervisions) are left out, so they cost no query and a later feedback is not taken to be missing."""
    from tests.factories.training import AttendanceFactory

    attendance = AttendanceFactory()

    assert set(attendance._state.fields_cache) <= {"session", "attendee"}
    assert all(
        field.name not in LogEntry.objects.get(content_type__model="trainingattendance").changes
        for field in attendance._meta.get_fields()
        if field.auto_created and not field.concrete
    )
