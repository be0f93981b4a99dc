"""Writes for youth-led training: young experts, sessions, sign-up, attendance, feedback and follow-up."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

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
ACTIVE_PLACES = (TrainingAttendance.Status.SIGNED_UP, TrainingAttendance.Status.ATTENDED)


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


@transaction.atomic
def young_expert_forget(*, young_expert: YoungExpert) -> YoungExpert:
    """When a young expert moves on: keep the hours and sessions for the figures, forget who they were.

    Their chosen name becomes "Former young expert", their safeguarding contact and comments are removed,
    and their account is unlinked, so nothing left identifies them.
    """
    young_expert.display_name = f"Former young expert {young_expert.pk}"
    young_expert.safeguarding_contact = "Removed when they moved on"
    young_expert.user = None
    young_expert.active = False
    young_expert.save()
    young_expert.feedback.update(comments="")
    young_expert.involvements.update(note="")
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
    involvement = Involvement(
        young_expert=young_expert, kind=kind, date=date, hours=hours, session=session, note=note.strip()
    )
    _full_clean(involvement)
    return involvement


@transaction.atomic
def training_session_save(
    *, session: TrainingSession | None = None, young_experts, competences=(), **fields
) -> TrainingSession:
    """Create or change a session. A youth-led session is co-delivered, so it needs two young experts."""
    session = session or TrainingSession()
    for name, value in fields.items():
        setattr(session, name, value)
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
    return session


def _active_places(session: TrainingSession) -> int:
    return session.attendances.filter(status__in=ACTIVE_PLACES).count()


@transaction.atomic
def training_sign_up(*, session: TrainingSession, attendee: StaffProfile, now=None) -> TrainingAttendance:
    """Give a staff member a place, if the session has not started and is not full."""
    now = now or timezone.now()
    # Lock the session row so two people cannot take the last place at once.
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_at <= now:
        raise ValidationError("This session has already started, so you cannot sign up.")
    attendance = TrainingAttendance.objects.filter(session=session, attendee=attendee).first()
    if attendance is not None and attendance.status in ACTIVE_PLACES:
        raise ValidationError("You already have a place on this session.")
    if session.capacity is not None and _active_places(session) >= session.capacity:
        raise ValidationError("This session is full.")
    if attendance is None:
        attendance = TrainingAttendance(session=session, attendee=attendee)
    attendance.status = TrainingAttendance.Status.SIGNED_UP
    attendance.save()
    return attendance


def training_cancel_place(*, attendance: TrainingAttendance, now=None) -> TrainingAttendance:
    now = now or timezone.now()
    if attendance.session.starts_at <= now:
        raise ValidationError("The session has started, so the place cannot be cancelled now.")
    attendance.status = TrainingAttendance.Status.CANCELLED
    attendance.save(update_fields=["status"])
    return attendance


@transaction.atomic
def attendance_record(*, session: TrainingSession, attended_ids, now=None) -> int:
    """Mark who came: those ticked attended, everyone else with a place absent. Returns how many came."""
    now = now or timezone.now()
    if session.starts_at > now:
        raise ValidationError("You can take attendance once the session has started.")
    attended_ids = {int(pk) for pk in attended_ids}
    places = session.attendances.exclude(status=TrainingAttendance.Status.CANCELLED)
    unknown = attended_ids - set(places.values_list("pk", flat=True))
    if unknown:
        raise ValidationError("Some of the people ticked do not have a place on this session.")
    places.filter(pk__in=attended_ids).update(status=TrainingAttendance.Status.ATTENDED)
    places.exclude(pk__in=attended_ids).update(status=TrainingAttendance.Status.ABSENT)
    return len(attended_ids)


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


def follow_up_answer(*, attendance: TrainingAttendance, what_changed: str) -> FollowUp:
    if attendance.follow_up_sent_at is None:
        raise ValidationError("We ask what changed three months after the session. It is not time yet.")
    if FollowUp.objects.filter(attendance=attendance).exists():
        raise ValidationError("You have already told us what changed. Thank you.")
    if not what_changed.strip():
        raise ValidationError("Say what has changed in your practice, even if it is nothing yet.")
    return FollowUp.objects.create(attendance=attendance, what_changed=what_changed.strip())


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
