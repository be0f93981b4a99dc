"""Network meetings as iCalendar (RFC 5545): one meeting as an .ics file, or a network's feed.

Written by hand because the format is small and the rules that matter are few: lines end in CRLF and are
folded at 75 octets without splitting a character; text escapes backslash, semicolon, comma and newline;
times are UTC ("Z"), so no VTIMEZONE is needed; every event has a UID that never changes and a SEQUENCE
that goes up when it does, so calendars update the event instead of adding another.

What goes out is what a member may read anywhere: the title, times, place, link and agenda. Notes, actions
and who came stay on the meeting's page, because calendar services copy feeds to their own servers.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from workforce.common.links import absolute_url

PRODUCT_ID = "-//L&D Pathways//Peer networks//EN"
FOLD_AT = 75  # octets, CRLF not counted (RFC 5545, 3.1)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash first, then the separators, and newlines as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, each continuation starting with a space.

    Counting is in UTF-8 octets, and a character is never cut in two.
    """
    pieces, current, size = [], [], 0
    limit = FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = FOLD_AT - 1  # the leading space of a continuation line counts
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _property(name: str, value: str) -> str:
    return fold(f"{name}:{value}")


def _meeting_url(meeting) -> str:
    return absolute_url(reverse("peernet:network-meeting", args=[meeting.network.slug, meeting.pk]))


def event_lines(meeting, *, stamp: datetime.datetime) -> list[str]:
    """The VEVENT of one meeting. The network must be joined in (``select_related("network")``)."""
    lines = ["BEGIN:VEVENT", _property("UID", f"{meeting.uid}@ld-pathways"), _property("DTSTAMP", utc_stamp(stamp))]
    if meeting.has_times:
        lines += [_property("DTSTART", utc_stamp(meeting.starts_at)), _property("DTEND", utc_stamp(meeting.ends_at))]
    else:
        # Recorded before meetings had times: an all-day event on its date (DTEND is the day after).
        next_day = meeting.date + datetime.timedelta(days=1)
        lines += [f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}", f"DTEND;VALUE=DATE:{next_day:%Y%m%d}"]
    lines += [
        _property("SEQUENCE", str(meeting.sequence)),
        _property("LAST-MODIFIED", utc_stamp(meeting.updated_at)),
        _property("SUMMARY", escape_text(f"{meeting.title} ({meeting.network.name})")),
    ]
    place = meeting.place
    if place or meeting.online_url:
        lines.append(_property("LOCATION", escape_text(place or meeting.online_url)))
    description = []
    if meeting.online_url:
        description.append(f"Join online: {meeting.online_url}")
    if meeting.agenda.strip():
        description += ["", "Agenda:", meeting.agenda.strip()]
    description += ["", f"Meeting page: {_meeting_url(meeting)}"]
    lines.append(_property("DESCRIPTION", escape_text("\n".join(description).strip())))
    # URL is a URI value, not TEXT, so it is not escaped (RFC 5545, 3.3.13).
    lines.append(_property("URL", meeting.online_url or _meeting_url(meeting)))
    lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
    return lines


def calendar(meetings, *, name: str = "") -> bytes:
    """A VCALENDAR with an event per meeting, as the bytes of a text/calendar body."""
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _property("PRODID", PRODUCT_ID),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        # NAME and REFRESH-INTERVAL are RFC 7986; X-WR-CALNAME is what older Apple, Google and Outlook read.
        lines += [_property("X-WR-CALNAME", escape_text(name)), _property("NAME", escape_text(name))]
        lines.append("REFRESH-INTERVAL;VALUE=DURATION:PT6H")
    for meeting in meetings:
        lines += event_lines(meeting, stamp=stamp)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
