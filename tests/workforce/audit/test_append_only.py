"""The audit tables refuse UPDATE and DELETE in the database; only history_erase may remove a record's rows."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from peernet.models import Supervision
from tests.factories.peers import PeerFactory
from tests.factories.workforce import UserFactory
from workforce.audit import services
from workforce.audit.models import AccessEvent, AuditErasurePermit

pytestmark = pytest.mark.django_db
SENTINEL = "SENTINEL-7Q2X"


def _entries(instance):
    return LogEntry.objects.get_for_object(instance)


def _read(peer, user):
    return services.access_event_record(
        actor=user,
        outcome=AccessEvent.Outcome.READ,
        ip="192.0.2.1",
        request_id="r1",
        url_name="peernet:peer_detail",
        content_type=ContentType.objects.get_for_model(peer),
        object_pk=str(peer.pk),
    )


def _refused(statement, params=()):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_change_event_cannot_be_changed_or_deleted_in_the_database():
    peer = PeerFactory()
    entry = _entries(peer).get()

    _refused("UPDATE auditlog_logentry SET object_repr = 'forged' WHERE id = %s", [entry.pk])
    _refused("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(changes_text="forged")

    entry.refresh_from_db()
    assert entry.object_repr == str(peer)


def test_an_access_event_cannot_be_changed_or_deleted_in_the_database():
    peer = PeerFactory()
    event = _read(peer, UserFactory())

    _refused("UPDATE workforce_accessevent SET outcome = 'refused' WHERE id = %s", [event.pk])
    _refused("DELETE FROM workforce_accessevent WHERE id = %s", [event.pk])
    assert AccessEvent.objects.get(pk=event.pk).outcome == AccessEvent.Outcome.READ


def test_deleting_a_user_empties_the_actor_and_keeps_the_event():
    actor = UserFactory(username="leaver@example.org")
    with set_actor(actor):
        peer = PeerFactory()
    event = _read(peer, actor)

    actor.delete()

    entry = _entries(peer).get()
    assert entry.actor_id is None
    assert entry.actor_email == "leaver@example.org"
    event.refresh_from_db()
    assert event.actor_id is None
    assert event.actor_username == "leaver@example.org"


def test_emptying_the_actor_cannot_hide_another_change():
    actor = UserFactory()
    with set_actor(actor):
        peer = PeerFactory()
    entry = _entries(peer).get()

    _refused("UPDATE auditlog_logentry SET actor_id = NULL, object_repr = 'forged' WHERE id = %s", [entry.pk])


def test_history_erase_removes_the_history_and_leaves_a_tombstone_without_personal_data():
    officer = UserFactory(username="dpo@example.org")
    peer = PeerFactory(display_name=SENTINEL)
    peer.display_name = f"{SENTINEL} renamed"
    peer.save()
    _read(peer, officer)
    other = PeerFactory()
    assert _entries(peer).count() == 2

    peer_pk, peer_type = str(peer.pk), ContentType.objects.get_for_model(peer)

    with transaction.atomic():
        services.history_erase(instance=peer, actor=officer, reason="Retention period ended; reviewed.")
        peer.delete()

    tombstone = LogEntry.objects.get(content_type=peer_type, object_pk=peer_pk)
    assert tombstone.action == LogEntry.Action.DELETE
    assert tombstone.actor == officer
    assert tombstone.object_repr == f"Peer {peer_pk}, erased"
    assert tombstone.additional_data["reason"] == "Retention period ended; reviewed."
    assert tombstone.additional_data["changes_removed"] == 2
    assert tombstone.additional_data["reads_removed"] == 1
    stored = LogEntry.objects.values_list("object_repr", "changes", "changes_text", "additional_data")
    assert SENTINEL not in str(list(stored.filter(object_pk=tombstone.object_pk)))
    assert not AccessEvent.objects.filter(object_pk=tombstone.object_pk).exists()
    assert not AuditErasurePermit.objects.exists()
    # Nobody else's history went with it.
    assert _entries(other).count() == 1


def test_history_erase_of_a_child_record_keeps_the_parents_history():
    peer = PeerFactory()
    supervision = Supervision.objects.create(
        peer=peer,
        held_on=datetime.date(2026, 1, 5),
        supervisor=peer.coordinator,
        wellbeing=Supervision.Wellbeing.OK,
        notes=SENTINEL,
        next_due_on=datetime.date(2026, 2, 5),
    )

    services.history_erase(instance=supervision, actor=None, reason="Recorded against the wrong peer.")

    assert _entries(supervision).get().object_repr == f"Supervision {supervision.pk}, erased"
    assert _entries(peer).count() == 1


def test_a_permit_left_by_a_failed_erasure_is_rolled_back_with_it():
    peer = PeerFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.history_erase(instance=peer, actor=None, reason="Test")
        raise RuntimeError("the erasure failed later on")

    assert _entries(peer).count() == 1
    assert not AuditErasurePermit.objects.exists()


def test_history_erase_asks_for_a_saved_record_and_a_reason():
    peer = PeerFactory()
    with pytest.raises(ValueError, match=services.NEEDS_REASON):
        services.history_erase(instance=peer, actor=None, reason="  ")
    with pytest.raises(ValueError, match="before deleting"):
        services.history_erase(instance=PeerFactory.build(), actor=None, reason="Test")


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_audit_tables():
    PeerFactory()
    assert LogEntry.objects.exists()

    call_command("flush", interactive=False, verbosity=0)

    assert not LogEntry.objects.exists()


def test_the_migration_refuses_a_database_it_cannot_make_append_only():
    from django.core.exceptions import ImproperlyConfigured

    from workforce.audit import database

    with pytest.raises(ImproperlyConfigured, match="PostgreSQL and SQLite, not mysql"):
        database.statements("mysql")
    assert database.statements("sqlite") and database.statements("postgresql")
