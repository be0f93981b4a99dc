"""Meetings have a time, a place or a secure online link, and reach members' calendars as iCalendar."""

import datetime
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from peernet.models import NetworkMeeting, NetworkMembership
from peernet.networks import calendar, services
from peernet.networks.services import MEETING_NEEDS_A_PLACE
from tests.factories.networks import MeetingFactory, NetworkFactory, add_member
from tests.factories.workforce import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

WINTER_DAY = datetime.date(2027, 1, 20)  # GMT: UK time is UTC
SUMMER_DAY = datetime.date(2027, 7, 14)  # BST: UK time is UTC+1


@pytest.fixture
def network():
    return NetworkFactory(name="North peer network", services_=[ServiceFactory(name="Riverside L&D")])


@pytest.fixture
def member(network):
    user = UserFactory(first_name="Ellis", last_name="Ward")
    add_member(network, user)
    return user


@pytest.fixture
def coordinator(network):
    user = UserFactory(first_name="Kim", last_name="Walsh")
    add_member(network, user, coordinator=True)
    return user


def _meeting(network, **changes):
    fields = {
        "title": "Recruiting peer volunteers",
        "date": SUMMER_DAY,
        "start_time": datetime.time(10, 0),
        "end_time": datetime.time(12, 30),
        "location": "Riverside L&D, 2 Quay Street, Newcastle",
        "online_url": "https://meet.example.org/north",
        "agenda": "Welcome\nAdverts; what worked, and why",
    }
    fields.update(changes)
    return services.meeting_save(network=network, **fields)


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def properties(body: str, name: str) -> list[str]:
    return [line.split(":", 1)[1] for line in unfold(body) if line.split(":", 1)[0].split(";")[0] == name]


# --- The iCalendar writer ---------------------------------------------------------------------------------------


def test_text_escapes_backslash_semicolon_comma_and_newlines():
    assert calendar.escape_text("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "Café – ünïcödé " * 20
    folded = calendar.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line


def test_an_ics_file_has_crlf_lines_utc_times_a_stable_uid_and_a_stamp(network):
    meeting = _meeting(network)
    body = calendar.calendar([meeting]).decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in body.split("\r\n"))
    # 10:00 to 12:30 in London in July is 09:00 to 11:30 UTC.
    assert properties(body, "DTSTART") == ["20270714T090000Z"]
    assert properties(body, "DTEND") == ["20270714T113000Z"]
    assert properties(body, "UID") == [f"{meeting.uid}@ld-pathways"]
    assert re.fullmatch(r"\d{8}T\d{6}Z", properties(body, "DTSTAMP")[0])
    assert properties(body, "SUMMARY") == ["Recruiting peer volunteers (North peer network)"]
    assert properties(body, "LOCATION") == ["Riverside L&D\\, 2 Quay Street\\, Newcastle"]
    description = properties(body, "DESCRIPTION")[0]
    assert "Join online: https://meet.example.org/north" in description
    assert "Adverts\\; what worked\\, and why" in description
    assert properties(body, "URL") == ["https://meet.example.org/north"]


def test_winter_times_are_the_same_in_utc(network):
    body = calendar.calendar([_meeting(network, date=WINTER_DAY)]).decode()
    assert properties(body, "DTSTART") == ["20270120T100000Z"]


def test_notes_actions_and_who_came_stay_out_of_calendars(network, member):
    meeting = _meeting(network, notes="Beth's team struggled", actions="Kim to phone Beth", attendees=[member])
    body = calendar.calendar([meeting]).decode()
    assert "struggled" not in body and "phone Beth" not in body and "Ellis" not in body


def test_changing_when_or_where_raises_the_sequence_so_calendars_update(network):
    meeting = _meeting(network)
    assert meeting.sequence == 0
    fields = {
        "title": meeting.title,
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "location": meeting.location,
        "online_url": meeting.online_url,
        "agenda": meeting.agenda,
    }
    meeting = services.meeting_save(network=network, meeting=meeting, **fields, notes="Notes added afterwards")
    assert meeting.sequence == 0
    meeting = services.meeting_save(network=network, meeting=meeting, **{**fields, "start_time": datetime.time(11)})
    assert meeting.sequence == 1
    assert properties(calendar.calendar([meeting]).decode(), "SEQUENCE") == ["1"]


def test_a_meeting_recorded_before_times_were_kept_is_an_all_day_event(network):
    meeting = MeetingFactory(network=network, date=WINTER_DAY)
    assert not meeting.has_times
    lines = unfold(calendar.calendar([meeting]).decode())
    assert "DTSTART;VALUE=DATE:20270120" in lines and "DTEND;VALUE=DATE:20270121" in lines


# --- Saving a meeting -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://meet.example.org/north", "javascript:alert(1)", "ftp://example.org/x", "not a link"]
)
def test_online_link_must_be_a_secure_web_address(network, url):
    with pytest.raises(ValidationError, match="https://"):
        _meeting(network, online_url=url)


def test_a_meeting_must_end_after_it_starts(network):
    with pytest.raises(ValidationError, match="end after it starts"):
        _meeting(network, start_time=datetime.time(14), end_time=datetime.time(13))
    with pytest.raises(ValidationError, match="ends"):
        _meeting(network, end_time=None)


def test_a_meeting_needs_a_place_or_a_link(network):
    with pytest.raises(ValidationError, match=re.escape(MEETING_NEEDS_A_PLACE)):
        _meeting(network, location="", online_url="")
    assert _meeting(network, location="", online_url="", host_service=network.services.get()).place == ("Riverside L&D")


def test_coordinator_records_a_meeting_with_times_place_and_link_and_members_see_them(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("peernet:network-meeting-create", args=[network.slug]),
        {
            "title": "Supervision for peers",
            "date": "14/07/2027",
            "start_time": "13:30",
            "end_time": "15:00",
            "location": "Moorland L&D, Court House",
            "online_url": "meet.example.org/sup",
            "agenda": "Group supervision",
        },
    )
    meeting = NetworkMeeting.objects.get()
    assert response.status_code == 302 and meeting.online_url == "https://meet.example.org/sup"
    page = client.get(reverse("peernet:network-meeting", args=[network.slug, meeting.pk])).content.decode()
    assert "Wednesday 14 July 2027, 13:30 to 15:00" in page
    assert "Moorland L&amp;D, Court House" in page and 'href="https://meet.example.org/sup"' in page
    assert reverse("peernet:network-meeting-ics", args=[network.slug, meeting.pk]) in page


def test_the_form_explains_what_is_wrong(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("peernet:network-meeting-create", args=[network.slug]),
        {
            "title": "Bad",
            "date": "14/07/2027",
            "start_time": "15:00",
            "end_time": "14:00",
            "online_url": "http://x.org",
        },
    )
    text = response.content.decode()
    assert "The meeting must end after it starts." in text
    assert "Enter a web link that starts with https://" in text
    assert not NetworkMeeting.objects.exists()


# --- The .ics file and the feed ---------------------------------------------------------------------------------


def test_member_downloads_the_meetings_ics_file(client, network, member):
    meeting = _meeting(network)
    client.force_login(member)
    response = client.get(reverse("peernet:network-meeting-ics", args=[network.slug, meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert properties(response.content.decode(), "UID") == [f"{meeting.uid}@ld-pathways"]


def test_another_networks_member_cannot_download_the_ics_file(client, network):
    meeting = _meeting(network)
    outsider = UserFactory()
    add_member(NetworkFactory(), outsider)
    client.force_login(outsider)
    assert client.get(reverse("peernet:network-meeting-ics", args=[network.slug, meeting.pk])).status_code == 404


def _feed_url(network, token):
    return reverse("peernet:network-calendar-feed", args=[network.slug, token])


def test_member_gets_a_calendar_link_that_works_without_signing_in(client, network, member):
    _meeting(network)
    _meeting(network, title="Second meeting", date=WINTER_DAY)
    client.force_login(member)
    client.post(reverse("peernet:network-calendar-link", args=[network.slug]), {"action": "renew"})
    token = NetworkMembership.objects.get(user=member).calendar_token
    page = client.get(reverse("peernet:network-detail", args=[network.slug])).content.decode()
    assert token and _feed_url(network, token) in page

    feed = Client().get(_feed_url(network, token))
    assert feed.status_code == 200 and feed["Content-Type"] == "text/calendar; charset=utf-8"
    body = feed.content.decode()
    assert body.count("BEGIN:VEVENT") == 2 and "X-WR-CALNAME:North peer network" in body


def test_wrong_renewed_stopped_and_former_members_links_answer_404(client, network, member):
    _meeting(network)
    membership = NetworkMembership.objects.get(user=member)
    old = services.calendar_link_renew(membership=membership).calendar_token
    anyone = Client()
    assert anyone.get(_feed_url(network, old)).status_code == 200
    assert anyone.get(_feed_url(network, "not-the-token")).status_code == 404
    assert anyone.get(_feed_url(NetworkFactory(), old)).status_code == 404

    client.force_login(member)
    client.post(reverse("peernet:network-calendar-link", args=[network.slug]), {"action": "renew"})
    new = NetworkMembership.objects.get(user=member).calendar_token
    assert new != old
    assert anyone.get(_feed_url(network, old)).status_code == 404
    assert anyone.get(_feed_url(network, new)).status_code == 200

    client.post(reverse("peernet:network-calendar-link", args=[network.slug]), {"action": "stop"})
    assert NetworkMembership.objects.get(user=member).calendar_token is None
    assert anyone.get(_feed_url(network, new)).status_code == 404

    again = services.calendar_link_renew(membership=NetworkMembership.objects.get(user=member)).calendar_token
    NetworkMembership.objects.filter(user=member).update(status=NetworkMembership.Status.DECLINED)
    assert anyone.get(_feed_url(network, again)).status_code == 404


def test_feed_costs_the_same_for_any_number_of_meetings(network, member, django_assert_max_num_queries):
    token = services.calendar_link_renew(membership=NetworkMembership.objects.get(user=member)).calendar_token
    for number in range(12):
        _meeting(network, title=f"Meeting {number}", host_service=network.services.get())
    with django_assert_max_num_queries(3):
        body = Client().get(_feed_url(network, token)).content.decode()
    assert body.count("BEGIN:VEVENT") == 12


def test_uids_are_unique_per_meeting(network):
    first, second = _meeting(network), _meeting(network, title="Another")
    assert isinstance(first.uid, uuid.UUID) and first.uid != second.uid
