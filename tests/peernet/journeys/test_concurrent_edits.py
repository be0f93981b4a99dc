"""Two people changing the same check, supervision record or journey from forms opened at the same
revision: the second save is refused with what the first saved beside what the second entered, and
nothing the first saved is overwritten."""

import datetime

import pytest
from django.urls import reverse

from peernet.journeys import services
from peernet.models import Check, Peer, Stage, Supervision
from tests.factories.peers import PeerFactory, active_peer
from tests.factories.workforce import StaffProfileFactory
from workforce import roles

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.user("peer_coordinator"))
    return client


def _peer(world):
    return active_peer(service=world.service, coordinator=world.profile("peer_coordinator"))


def _differences(error):
    return {item.label: (item.theirs, item.yours) for item in error.differences}


def test_second_check_correction_from_the_same_revision_is_refused(world):
    check = _peer(world).checks.get(kind="dbs")
    by = world.user("peer_coordinator")
    services.check_correct(check=check, kind="dbs", completed_on=TODAY - 3 * DAY, by=by, revision=0)
    stale = Check.objects.get(pk=check.pk)
    stale.revision = 0
    with pytest.raises(services.EditConflictError) as refused:
        services.check_correct(check=stale, kind="dbs", completed_on=TODAY - 9 * DAY, by=by, revision=0)
    saved = Check.objects.get(pk=check.pk)
    assert (saved.completed_on, saved.revision) == (TODAY - 3 * DAY, 1)
    assert _differences(refused.value)["Date done"] == (f"{TODAY - 3 * DAY:%-d %B %Y}", f"{TODAY - 9 * DAY:%-d %B %Y}")
    assert refused.value.revision == 1


def _supervision(peer):
    return services.supervision_record(
        peer=peer, held_on=TODAY, supervisor=peer.coordinator, wellbeing="ok", next_due_on=TODAY + 14 * DAY
    )


def test_second_supervision_correction_from_the_same_revision_is_refused(world):
    supervision = _supervision(_peer(world))
    common = {"held_on": TODAY, "next_due_on": TODAY + 14 * DAY, "revision": 0}
    services.supervision_correct(supervision=supervision, wellbeing="good", notes="First note", **common)
    stale = Supervision.objects.get(pk=supervision.pk)
    with pytest.raises(services.EditConflictError) as refused:
        services.supervision_correct(supervision=stale, wellbeing="struggling", notes="Second note", **common)
    saved = Supervision.objects.get(pk=supervision.pk)
    assert (saved.wellbeing, saved.notes, saved.revision) == ("good", "First note", 1)
    differences = _differences(refused.value)
    assert differences["Notes"] == ("First note", "Second note")
    assert differences["Wellbeing"] == ("Doing well", "Struggling")
    assert not saved.support_alerts.exists()


def test_second_stage_move_from_the_same_revision_is_refused(world):
    peer = PeerFactory(service=world.service, coordinator=world.profile("peer_coordinator"))
    services.peer_move_stage(peer=peer, stage=Stage.APPLICATION, on=TODAY, by=None)  # revision 0 to 1
    opened_at = Peer.objects.get(pk=peer.pk).revision
    by = world.user("peer_coordinator")
    services.peer_move_stage(
        peer=Peer.objects.get(pk=peer.pk), stage=Stage.INTERVIEW, on=TODAY, by=by, revision=opened_at
    )
    with pytest.raises(services.EditConflictError) as refused:
        services.peer_move_stage(
            peer=Peer.objects.get(pk=peer.pk),
            stage=Stage.CHECKS,
            on=TODAY,
            by=by,
            reason="Skipped",
            revision=opened_at,
        )
    saved = Peer.objects.get(pk=peer.pk)
    assert (saved.stage, saved.revision) == (Stage.INTERVIEW, opened_at + 1)
    assert list(saved.stage_changes.values_list("stage", flat=True)) == [Stage.APPLICATION, Stage.INTERVIEW]
    assert _differences(refused.value)["Stage"] == ("Interview", "Checks")


def test_second_coordinator_change_from_the_same_revision_is_refused(world):
    peer = _peer(world)
    first = StaffProfileFactory(service=world.service, user__kinds=[roles.PEER_COORDINATOR])
    second = StaffProfileFactory(service=world.service, user__kinds=[roles.PEER_COORDINATOR])
    coordinator = world.profile("peer_coordinator")
    services.peer_assign(
        peer=Peer.objects.get(pk=peer.pk), coordinator=coordinator, cover_coordinator=first, revision=0
    )
    with pytest.raises(services.EditConflictError) as refused:
        services.peer_assign(
            peer=Peer.objects.get(pk=peer.pk), coordinator=coordinator, cover_coordinator=second, revision=0
        )
    assert Peer.objects.get(pk=peer.pk).cover_coordinator == first
    assert _differences(refused.value)["Cover coordinator"] == (first.display_name, second.display_name)


def test_ending_a_journey_someone_else_just_ended_is_refused(world):
    peer = _peer(world)
    by = world.user("peer_coordinator")
    services.peer_end(peer=Peer.objects.get(pk=peer.pk), ended_on=TODAY, outcome="paid_ld", by=by, revision=0)
    with pytest.raises(services.EditConflictError) as refused:
        services.peer_end(peer=Peer.objects.get(pk=peer.pk), ended_on=TODAY, outcome="education", by=by, revision=0)
    saved = Peer.objects.get(pk=peer.pk)
    assert (saved.stage, saved.outcome) == (Stage.ENDED, "paid_ld")
    assert _differences(refused.value)["Where they are going next"] == (
        "Paid employment in Liaison and Diversion",
        "Education or training",
    )


def test_supervision_page_shows_theirs_beside_yours_and_keeps_what_was_typed(coordinator_client, world):
    peer = _peer(world)
    supervision = _supervision(peer)
    url = reverse("peernet:peer_supervision_edit", args=[peer.pk, supervision.pk])
    form = coordinator_client.get(url).content.decode()
    assert 'name="revision" value="0"' in form
    data = {"held_on": TODAY.isoformat(), "wellbeing": "ok", "next_due_on": (TODAY + 14 * DAY).isoformat()}
    assert coordinator_client.post(url, {**data, "notes": "Saved first", "revision": 0}).status_code == 302

    response = coordinator_client.post(url, {**data, "notes": "Typed second", "revision": 0})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved a change to this supervision record" in page
    assert "What they saved and what you entered" in page and "Saved first" in page
    assert page.count("Typed second") >= 2  # in the table and still in the form
    assert 'name="revision" value="1"' in page
    assert Supervision.objects.get(pk=supervision.pk).notes == "Saved first"

    assert coordinator_client.post(url, {**data, "notes": "Typed second", "revision": 1}).status_code == 302
    assert Supervision.objects.get(pk=supervision.pk).notes == "Typed second"


def test_check_and_stage_pages_refuse_a_stale_save(coordinator_client, world):
    peer = _peer(world)
    check = peer.checks.get(kind="dbs")
    url = reverse("peernet:peer_check_edit", args=[peer.pk, check.pk])
    data = {"kind": "dbs", "update_service": "", "revision": 0}
    coordinator_client.post(url, {**data, "completed_on": (TODAY - 2 * DAY).isoformat()})
    page = coordinator_client.post(url, {**data, "completed_on": (TODAY - 5 * DAY).isoformat()}).content.decode()
    assert "Someone else saved a change to this check" in page
    assert Check.objects.get(pk=check.pk).completed_on == TODAY - 2 * DAY

    stage_url = reverse("peernet:peer_stage", args=[peer.pk])
    opened_at = Peer.objects.get(pk=peer.pk).revision
    move = {"stage": "move_on", "on": TODAY.isoformat(), "revision": opened_at}
    assert coordinator_client.post(stage_url, move).status_code == 302
    end_url = reverse("peernet:peer_end", args=[peer.pk])
    page = coordinator_client.post(
        end_url, {"ended_on": TODAY.isoformat(), "outcome": "education", "revision": opened_at}
    ).content.decode()
    assert "Someone else saved a change to" in page and "Move-on planning" in page
    assert Peer.objects.get(pk=peer.pk).stage == Stage.MOVE_ON


def test_a_form_without_its_revision_is_refused_with_what_to_do(coordinator_client, world):
    peer = _peer(world)
    page = coordinator_client.post(
        reverse("peernet:peer_stage", args=[peer.pk]), {"stage": "move_on", "on": TODAY.isoformat()}
    ).content.decode()
    assert "This page is out of date" in page
    assert Peer.objects.get(pk=peer.pk).stage == Stage.ACTIVE
