"""Writes for youth-led training: young experts, sessions, sign-up, attendance, feedback and follow-up."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from workforce.audit.services import audited_bulk_create, audited_update
from workforce.common.dates import add_months
from workforce.common.links import absolute_url
from workforce.models import (
    AttendeeFeedback,
    ConfidenceRating,
    FollowUp,
    Involvement,
    Region,
    Service,
    StaffProfile,
    TrainingAttendance,
    TrainingSession,
    YoungExpert,
    YoungExpertFeedback,
    YouSaidWeDid,
    YouthOrganisation,
)

FOLLOW_UP_MONTHS = 3
# An offered place is held for the person offered it, so it counts as taken.
ACTIVE_PLACES = (
    TrainingAttendance.Status.SIGNED_UP,
    TrainingAttendance.Status.OFFERED,
    TrainingAttendance.Status.ATTENDED,
)
# A session is planned at most this far ahead, and recorded at most this far back.
SESSION_YEARS_AHEAD = 2
SESSION_YEARS_BACK = 2
LONGEST_SESSION = datetime.timedelta(hours=12)
# Time given is logged for the last two years, never for a day still to come.
INVOLVEMENT_YEARS_BACK = 2

ALREADY_WAITING = "You are already on the waiting list for this session."
ALREADY_OFFERED = "A place is waiting for you on this session. Take it or turn it down on your training page."
NO_OFFER = "There is no place on offer to you for this session."


def _years_from(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def _date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _full_clean(obj) -> None:
    obj.full_clean()
    obj.save()


def youth_organisation_create(*, name: str, contact=None, region: Region | None = None) -> YouthOrganisation:
    name = name.strip()
    if YouthOrganisation.objects.filter(name__iexact=name).exists():
        raise ValidationError(f"There is already a youth organisation called {name}.")
    organisation = YouthOrganisation(name=name, contact=contact, region=region)
    _full_clean(organisation)
    return organisation


def young_expert_save(*, young_expert: YoungExpert | None = None, **fields) -> YoungExpert:
    """Create a young expert, or change one. ``fields`` are the model's fields (display_name, age_band ...)."""
    young_expert = young_expert or YoungExpert()
    for name, value in fields.items():
        setattr(young_expert, name, value)
    user = young_expert.user
    if user is not None and YoungExpert.objects.filter(user=user).exclude(pk=young_expert.pk).exists():
        raise ValidationError("That account already belongs to another young expert.")
    _full_clean(young_expert)
    return young_expert


FORGET_REASON = "The young expert moved on: their details were removed."


@transaction.atomic
def young_expert_forget(*, young_expert: YoungExpert, by=None) -> YoungExpert:
    """When a young expert moves on: keep the hours and sessions for the figures, forget who they were.

    Their chosen name becomes "Former young expert", their safeguarding contact and comments are removed,
    and their account is unlinked, so nothing left identifies them. It goes through the site's erasure
    service (``settings.RECORDS_FORGET``, in cms, which this app cannot import), so the audit history that
    still holds their old details is erased too and a tombstone says it was done, when and by whom.
    """

    def forget():
        young_expert.display_name = f"Former young expert {young_expert.pk}"
        young_expert.safeguarding_contact = "Removed when they moved on"
        young_expert.user = None
        young_expert.active = False
        young_expert.save()
        young_expert.feedback.update(comments="")
        young_expert.involvements.update(note="")

    import_string(settings.RECORDS_FORGET)(instance=young_expert, by=by, reason=FORGET_REASON, forget=forget)
    return young_expert


def involvement_log(
    *,
    young_expert: YoungExpert,
    kind: str,
    date: datetime.date,
    hours: Decimal,
    session: TrainingSession | None = None,
    note: str = "",
) -> Involvement:
    if session is not None and not session.young_experts.filter(pk=young_expert.pk).exists():
        raise ValidationError(f"{young_expert} is not one of the young experts for {session.title}.")
    today = timezone.localdate()
    earliest = _years_from(today, -INVOLVEMENT_YEARS_BACK)
    if date > today:
        raise ValidationError({"date": "The date must be today or in the past."})
    if date < earliest:
        raise ValidationError({"date": f"The date must be on or after {_date_text(earliest)}."})
    involvement = Involvement(
        young_expert=young_expert, kind=kind, date=date, hours=hours, session=session, note=note.strip()
    )
    _full_clean(involvement)
    return involvement


def _check_session_dates(session: TrainingSession, *, was_starting, now) -> None:
    """A new session, or one whose start moves, starts within two years of today either way, and ends
    after it starts, on the same stretch of the day."""
    errors = {}
    if session.starts_at is not None and session.starts_at != was_starting:
        today = timezone.localdate(now)
        earliest, latest = _years_from(today, -SESSION_YEARS_BACK), _years_from(today, SESSION_YEARS_AHEAD)
        if not earliest <= timezone.localtime(session.starts_at).date() <= latest:
            errors["starts_at"] = f"The start date must be between {_date_text(earliest)} and {_date_text(latest)}."
    if session.starts_at is not None and session.ends_at is not None:
        if session.ends_at <= session.starts_at:
            errors["ends_at"] = "The end time must be after the start time."
        elif session.ends_at - session.starts_at > LONGEST_SESSION:
            errors["ends_at"] = "The end time must be no more than 12 hours after the start time."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_session_save(
    *, session: TrainingSession | None = None, young_experts, competences=(), now=None, **fields
) -> TrainingSession:
    """Create or change a session. A youth-led session is co-delivered, so it needs two young experts.

    ``capacity`` is a number of places from 1, or None for no limit. When a change frees places, the
    people waiting longest are offered them.
    """
    now = now or timezone.now()
    session = session or TrainingSession()
    was_starting = session.starts_at if session.pk else None
    for name, value in fields.items():
        setattr(session, name, value)
    _check_session_dates(session, was_starting=was_starting, now=now)
    young_experts = list(young_experts)
    if len(young_experts) < 2:
        raise ValidationError("Choose at least two young experts to co-deliver the session.")
    inactive = [str(expert) for expert in young_experts if not expert.active]
    if inactive:
        raise ValidationError(f"These young experts are no longer active: {', '.join(inactive)}.")
    if session.service_id and not session.region_id:
        session.region = session.service.region
    if not session.online and not session.location.strip():
        raise ValidationError("Say where the session is, or mark it as online.")
    session.youth_led = True
    _full_clean(session)
    session.young_experts.set(young_experts)
    session.competences.set(competences)
    if session.starts_at > now:
        _offer_free_places(session, now=now)
    return session


def _active_places(session: TrainingSession) -> int:
    return session.attendances.filter(status__in=ACTIVE_PLACES).count()


def _free_places(session: TrainingSession) -> int | None:
    """How many places are free, or None when there is no limit."""
    if session.capacity is None:
        return None
    return max(session.capacity - _active_places(session), 0)


def waiting_list(session: TrainingSession):
    """The people waiting for a place, first in line first."""
    return session.attendances.filter(status=TrainingAttendance.Status.WAITING).order_by("waiting_since", "pk")


def _offer_free_places(session: TrainingSession, *, now) -> list[TrainingAttendance]:
    """Offer each free place to the next person waiting, and tell them by email once the change is saved."""
    free = _free_places(session)
    waiting = waiting_list(session).select_related("attendee__user")
    offers = list(waiting if free is None else waiting[:free])
    for attendance in offers:
        attendance.status = TrainingAttendance.Status.OFFERED
        attendance.offered_at = now
        attendance.save(update_fields=["status", "offered_at"])
        transaction.on_commit(lambda attendance=attendance: _send_offer(attendance))
    return offers


def _send_offer(attendance: TrainingAttendance) -> None:
    email = attendance.attendee.user.email
    if not email:
        return
    session = attendance.session
    starts = timezone.localtime(session.starts_at)
    send_mail(
        subject=f"A place has come up on {session.title}",
        message=(
            f"Hello {attendance.attendee.user.first_name or attendance.attendee.display_name},\n\n"
            f"You were first on the waiting list for {session.title} on "
            f"{starts:%A} {_date_text(starts.date())} at {starts:%H:%M}, and a place has come up.\n"
            f"We are keeping it for you. Take it, or turn it down so someone else can have it:\n"
            f"{absolute_url(reverse('workforce:training'))}\n"
        ),
        from_email=None,
        recipient_list=[email],
    )


@transaction.atomic
def training_sign_up(*, session: TrainingSession, attendee: StaffProfile, now=None) -> TrainingAttendance:
    """Give a staff member a place if the session has not started; if it is full, put them on its waiting list.

    Someone who signs up while others are waiting joins the end of the list, so nobody jumps the queue.
    """
    now = now or timezone.now()
    # Lock the session row so two people cannot take the last place at once.
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_at <= now:
        raise ValidationError("This session has already started, so you cannot sign up.")
    attendance = TrainingAttendance.objects.filter(session=session, attendee=attendee).first()
    if attendance is not None:
        if attendance.status in (TrainingAttendance.Status.SIGNED_UP, TrainingAttendance.Status.ATTENDED):
            raise ValidationError("You already have a place on this session.")
        if attendance.status == TrainingAttendance.Status.WAITING:
            raise ValidationError(ALREADY_WAITING)
        if attendance.status == TrainingAttendance.Status.OFFERED:
            raise ValidationError(ALREADY_OFFERED)
    else:
        attendance = TrainingAttendance(session=session, attendee=attendee)
    free = _free_places(session)
    if (free is not None and free == 0) or waiting_list(session).exists():
        attendance.status = TrainingAttendance.Status.WAITING
        attendance.waiting_since = now
    else:
        attendance.status = TrainingAttendance.Status.SIGNED_UP
        attendance.waiting_since = None
    attendance.offered_at = None
    attendance.save()
    return attendance


def waiting_position(attendance: TrainingAttendance) -> int:
    """Where someone is on the waiting list: 1 is next in line."""
    return (
        waiting_list(attendance.session)
        .filter(
            Q(waiting_since__lt=attendance.waiting_since)
            | Q(waiting_since=attendance.waiting_since, pk__lt=attendance.pk)
        )
        .count()
        + 1
    )


@transaction.atomic
def training_cancel_place(*, attendance: TrainingAttendance, now=None) -> TrainingAttendance:
    """Give up a place, an offered place or a place on the waiting list. A freed place goes to the next in line."""
    now = now or timezone.now()
    session = TrainingSession.objects.select_for_update().get(pk=attendance.session_id)
    attendance.refresh_from_db()
    if session.starts_at <= now:
        raise ValidationError("The session has started, so the place cannot be cancelled now.")
    if attendance.status not in (
        TrainingAttendance.Status.SIGNED_UP,
        TrainingAttendance.Status.OFFERED,
        TrainingAttendance.Status.WAITING,
    ):
        raise ValidationError("You do not have a place on this session to cancel.")
    freed = attendance.status != TrainingAttendance.Status.WAITING
    attendance.status = TrainingAttendance.Status.CANCELLED
    attendance.save(update_fields=["status"])
    if freed:
        _offer_free_places(session, now=now)
    return attendance


@transaction.atomic
def training_accept_offer(*, attendance: TrainingAttendance, now=None) -> TrainingAttendance:
    now = now or timezone.now()
    TrainingSession.objects.select_for_update().get(pk=attendance.session_id)
    attendance.refresh_from_db()
    if attendance.status != TrainingAttendance.Status.OFFERED:
        raise ValidationError(NO_OFFER)
    if attendance.session.starts_at <= now:
        raise ValidationError("This session has already started, so the place cannot be taken now.")
    attendance.status = TrainingAttendance.Status.SIGNED_UP
    attendance.save(update_fields=["status"])
    return attendance


BOOKED = (
    TrainingAttendance.Status.SIGNED_UP,
    TrainingAttendance.Status.OFFERED,
    TrainingAttendance.Status.ATTENDED,
    TrainingAttendance.Status.ABSENT,
)


@transaction.atomic
def attendance_record(*, session: TrainingSession, attended_ids, walk_ins=(), now=None) -> int:
    """Mark who came: those ticked attended, everyone else with a place absent, and each walk-in (a staff
    member who came without a place) attended, even past the number of places. Returns how many came."""
    now = now or timezone.now()
    if session.starts_at > now:
        raise ValidationError("You can take attendance once the session has started.")
    attended_ids = {int(pk) for pk in attended_ids}
    places = session.attendances.filter(status__in=BOOKED)
    unknown = attended_ids - set(places.values_list("pk", flat=True))
    if unknown:
        raise ValidationError("Some of the people ticked do not have a place on this session.")
    walk_ins = {profile.pk: profile for profile in walk_ins}
    existing = {
        attendance.attendee_id: attendance
        for attendance in session.attendances.filter(attendee_id__in=walk_ins).select_related("attendee")
    }
    booked = [attendance for attendance in existing.values() if attendance.status in BOOKED]
    if booked:
        names = ", ".join(sorted(attendance.attendee.display_name for attendance in booked))
        raise ValidationError({"walk_ins": f"These people have a place, so tick them instead: {names}."})
    audited_update(places.filter(pk__in=attended_ids), status=TrainingAttendance.Status.ATTENDED)
    audited_update(places.exclude(pk__in=attended_ids), status=TrainingAttendance.Status.ABSENT)
    # Someone who cancelled or was still waiting, and came anyway, is a walk-in too.
    audited_update(
        TrainingAttendance.objects.filter(pk__in=[a.pk for a in existing.values()]),
        status=TrainingAttendance.Status.ATTENDED,
        walk_in=True,
        offered_at=None,
    )
    audited_bulk_create(
        TrainingAttendance(session=session, attendee=profile, status=TrainingAttendance.Status.ATTENDED, walk_in=True)
        for pk, profile in walk_ins.items()
        if pk not in existing
    )
    # After the session the waiting list has nothing left to wait for.
    audited_update(
        session.attendances.filter(status=TrainingAttendance.Status.WAITING), status=TrainingAttendance.Status.CANCELLED
    )
    return len(attended_ids) + len(walk_ins)


@transaction.atomic
def attendee_feedback_give(
    *, attendance: TrainingAttendance, learned: str, will_do_differently: str, confidence: dict
) -> AttendeeFeedback:
    """``confidence`` maps each of the session's competences to a (before, after) pair from 1 to 5."""
    if attendance.status != TrainingAttendance.Status.ATTENDED:
        raise ValidationError("You can give feedback once you are marked as having attended.")
    if AttendeeFeedback.objects.filter(attendance=attendance).exists():
        raise ValidationError("You have already given feedback on this session. Thank you.")
    if not learned.strip() or not will_do_differently.strip():
        raise ValidationError("Say what you learned and what you will do differently.")
    expected = set(attendance.session.competences.values_list("pk", flat=True))
    if {competence.pk for competence in confidence} != expected:
        raise ValidationError("Rate your confidence in each of the session's competences.")
    for before, after in confidence.values():
        if not (1 <= before <= 5 and 1 <= after <= 5):
            raise ValidationError("Confidence is a number from 1 to 5.")
    feedback = AttendeeFeedback.objects.create(
        attendance=attendance, learned=learned.strip(), will_do_differently=will_do_differently.strip()
    )
    ConfidenceRating.objects.bulk_create(
        ConfidenceRating(feedback=feedback, competence=competence, before=before, after=after)
        for competence, (before, after) in confidence.items()
    )
    return feedback


def young_expert_feedback_give(
    *,
    session: TrainingSession,
    young_expert: YoungExpert,
    voice: str,
    audience: str,
    influence: str,
    comments: str = "",
    now=None,
) -> YoungExpertFeedback:
    if session.starts_at > (now or timezone.now()):
        raise ValidationError("Feedback can be given once the session has taken place.")
    if not session.young_experts.filter(pk=young_expert.pk).exists():
        raise ValidationError(f"{young_expert} did not co-deliver this session.")
    if YoungExpertFeedback.objects.filter(session=session, young_expert=young_expert).exists():
        raise ValidationError(f"{young_expert} has already given feedback on this session.")
    feedback = YoungExpertFeedback(
        session=session,
        young_expert=young_expert,
        voice=voice,
        audience=audience,
        influence=influence,
        comments=comments.strip(),
    )
    _full_clean(feedback)
    return feedback


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day ``months`` calendar months earlier (the last day of the month where it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def follow_ups_due(*, now=None):
    now = now or timezone.now()
    return TrainingAttendance.objects.filter(
        status=TrainingAttendance.Status.ATTENDED,
        follow_up_sent_at__isnull=True,
        session__starts_at__lte=months_before(now, FOLLOW_UP_MONTHS),
    ).select_related("session", "attendee__user")


def follow_ups_send(*, now=None) -> int:
    """Email every attendee whose session was three months ago or more; each is asked once, never twice."""
    now = now or timezone.now()
    sent = 0
    for attendance in follow_ups_due(now=now):
        with transaction.atomic():
            # Claim the row first, so a second run at the same time cannot send it again.
            claimed = TrainingAttendance.objects.filter(pk=attendance.pk, follow_up_sent_at__isnull=True).update(
                follow_up_sent_at=now
            )
            if not claimed:
                continue
            email = attendance.attendee.user.email
            if not email:
                continue
            link = absolute_url(reverse("workforce:training-follow-up", kwargs={"pk": attendance.pk}))
            send_mail(
                subject=f"What has changed since {attendance.session.title}?",
                message=(
                    f"Hello {attendance.attendee.user.first_name or attendance.attendee.display_name},\n\n"
                    f"Three months ago you went to {attendance.session.title}, co-delivered by young experts.\n"
                    f"Please tell us in a few words what has changed in your practice since:\n{link}\n\n"
                    "Young people read what you say, and it shows them their work made a difference.\n"
                ),
                from_email=None,
                recipient_list=[email],
            )
            sent += 1
    return sent


def follow_up_opens(session: TrainingSession) -> datetime.date:
    """The first day we ask what changed: three calendar months after the session."""
    return add_months(timezone.localtime(session.starts_at).date(), FOLLOW_UP_MONTHS)


def follow_up_answer(
    *, attendance: TrainingAttendance, what_changed: str, changed_practice: bool | None = None, now=None
) -> FollowUp:
    opens = follow_up_opens(attendance.session)
    if attendance.follow_up_sent_at is None or timezone.localdate(now or timezone.now()) < opens:
        raise ValidationError(
            f"We ask what changed three months after the session, from {_date_text(opens)}. It is not time yet."
        )
    if FollowUp.objects.filter(attendance=attendance).exists():
        raise ValidationError("You have already told us what changed. Thank you.")
    if not what_changed.strip():
        raise ValidationError("Say what has changed in your practice, even if it is nothing yet.")
    return FollowUp.objects.create(
        attendance=attendance, what_changed=what_changed.strip(), changed_practice=changed_practice
    )


def you_said_we_did_save(
    *,
    record: YouSaidWeDid | None = None,
    recorded_by,
    you_said: str,
    we_did: str = "",
    service: Service | None = None,
    session: TrainingSession | None = None,
    recorded_on: datetime.date | None = None,
) -> YouSaidWeDid:
    record = record or YouSaidWeDid(recorded_by=recorded_by)
    record.you_said, record.we_did = you_said.strip(), we_did.strip()
    record.service, record.session = service, session
    record.recorded_on = recorded_on or record.recorded_on or timezone.localdate()
    _full_clean(record)
    return record
