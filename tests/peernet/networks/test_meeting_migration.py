"""Meetings recorded before meetings had times keep their date and host, and each gets its calendar UID."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("peernet", "0002_networks")
AFTER = ("peernet", "0003_network_meeting_times_calendars_interview_packs")


@pytest.mark.django_db(transaction=True)
def test_existing_meetings_become_all_day_meetings_with_their_own_uids():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    region = old.get_model("workforce", "Region").objects.create(code="Y99", name="Test region")
    network = old.get_model("peernet", "Network").objects.create(name="Old network", slug="old", region=region)
    Meeting = old.get_model("peernet", "NetworkMeeting")
    Meeting.objects.create(network=network, title="Online meeting", date="2026-03-01")
    Meeting.objects.create(network=network, title="Second meeting", date="2026-04-01", agenda="Welcome")

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    meetings = list(new.get_model("peernet", "NetworkMeeting").objects.order_by("date"))
    try:
        assert [str(m.date) for m in meetings] == ["2026-03-01", "2026-04-01"]
        assert all(m.start_time is None and m.end_time is None and m.online_url == "" for m in meetings)
        assert meetings[1].agenda == "Welcome"
        assert meetings[0].uid and meetings[0].uid != meetings[1].uid
        assert all(m.sequence == 0 and m.updated_at == m.created_at for m in meetings)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
