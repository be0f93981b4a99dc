"""Demo youth-led training: a youth organisation, three young experts, sessions held and to come, feedback.

Two young experts sign in: Jay, who has feedback to read on the sessions they ran (what people learned and,
three months on, what changed), and Mo, who has a session coming up. One session to come is full, with a
waiting list; one session held had a walk-in.

Runs after ``workforce.demo`` (it needs the demo people). Safe to run again: everything is matched on its
name or title and only made when missing. Sessions are linked to the shipped framework's competences by
title keywords; where no framework is published yet, they are left unlinked.
"""

import datetime
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from workforce import roles
from workforce.models import (
    AttendeeFeedback,
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
from workforce.people.demo import DEMO_PASSWORD
from workforce.people.services import user_upsert
from workforce.training import services

ORGANISATION = "Riverside Youth Voice"
CONTACT_EMAIL = "dee.owens@example.org"
YOUNG_EXPERT_EMAIL = "jay.youth@example.org"
SECOND_YOUNG_EXPERT_EMAIL = "mo.youth@example.org"

YOUNG_EXPERTS = [
    # display name, age band, recognition, under-16 carer consent, account email
    ("Jay", "16-17", "voucher", False, YOUNG_EXPERT_EMAIL),
    ("Mo", "18-21", "payment", False, SECOND_YOUNG_EXPERT_EMAIL),
    ("Sky", "13-15", "none", True, None),
]

# title, days from today, young experts, online, keywords to find competences, places (None: no limit),
# attendees (email local parts) with what they did: booked and came ("attended"), booked and did not
# ("absent"), came without booking ("walk_in"), booked ("signed_up") or joined the waiting list ("waiting").
SESSIONS = [
    (
        "Unconscious bias and young people",
        -100,
        ("Jay", "Mo"),
        False,
        ("bias", "equality", "diversity"),
        20,
        {"tom.reid": "attended", "aisha.khan": "attended", "leah.moss": "attended", "priya.shah": "absent"},
    ),
    (
        "Talking with young people in custody",
        -20,
        ("Jay", "Mo"),
        False,
        ("communicat", "young", "child"),
        20,
        {"tom.reid": "attended", "dan.evans": "attended", "ellis.ward": "attended", "kim.walsh": "walk_in"},
    ),
    (
        "What young people want from L&D",
        14,
        ("Jay", "Sky"),
        True,
        ("young", "child", "engag"),
        2,
        {"priya.shah": "signed_up", "sam.okafor": "signed_up", "nia.jones": "waiting"},
    ),
    (
        "Meeting young people where they are",
        35,
        ("Mo", "Sky"),
        False,
        ("young", "child", "engag"),
        None,
        {"aisha.khan": "signed_up"},
    ),
]

# What professionals wrote after a session, and three months on: one line each, in turn.
LEARNED = [
    "How custody feels to a young person, and why they may not say much at first.",
    "Young people notice when we are late or do not do what we said.",
    "A missed meeting can mean something is wrong at home.",
    "To ask what they need before I tell them what happens next.",
]
WILL_DO = [
    "Explain each step in plain words and check they understood.",
    "Call or visit before I close a case.",
    "Sit down with them, not stand over them.",
    "Ask where they want to meet.",
]
CHANGED = [
    "I sit down at the young person's level in custody and ask what they need.",
    "I call before I close a case, and twice that has turned things round.",
    "I meet young people at the youth centre now, not only at the office.",
]


def _user(email, first, last, kinds=()):
    return user_upsert(email=email, first_name=first, last_name=last, kinds=kinds, password=DEMO_PASSWORD)


def _competences(keywords):
    """Competences of the published framework version whose titles carry any of the keywords."""
    Competence = apps.get_model("competencies", "Competence")
    found = []
    for keyword in keywords:
        found += Competence.objects.filter(version__status="published", title__icontains=keyword)[:2]
    return list(dict.fromkeys(found))[:3]


def _profile(local):
    return StaffProfile.objects.filter(user__email=f"{local}@example.org").first()


def load() -> None:
    region = Region.objects.get(code="Y63")
    service = Service.objects.get(slug="riverside-liaison-and-diversion")
    organisation = YouthOrganisation.objects.filter(name=ORGANISATION).first() or (
        services.youth_organisation_create(
            name=ORGANISATION, region=region, contact=_user(CONTACT_EMAIL, "Dee", "Owens")
        )
    )
    experts = {}
    for name, band, recognition, carer, email in YOUNG_EXPERTS:
        user = _user(email, name, "", kinds=(roles.YOUNG_EXPERT,)) if email else None
        existing = YoungExpert.objects.filter(display_name=name, organisation=organisation).first()
        if existing is not None and user is not None and existing.user_id is None:
            existing = services.young_expert_save(young_expert=existing, user=user)
        experts[name] = existing or (
            services.young_expert_save(
                display_name=name,
                age_band=band,
                organisation=organisation,
                consent=True,
                carer_consent=carer,
                safeguarding_contact="Dee Owens, youth worker, 07700 900123",
                recognition=recognition,
                user=user,
            )
        )
    facilitator = _profile("morgan.price")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for title, days, names, online, keywords, places, attendees in SESSIONS:
        if TrainingSession.objects.filter(title=title).exists():
            continue
        starts = (now + datetime.timedelta(days=days)).replace(hour=10)
        session = services.training_session_save(
            title=title,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            online=online,
            location="" if online else "Riverside training room",
            service=None if online else service,
            region=region,
            capacity=places,
            facilitator=facilitator,
            young_experts=[experts[name] for name in names],
            competences=_competences(keywords),
            # A session held is recorded as it was planned, before it took place.
            now=min(starts - datetime.timedelta(days=7), timezone.now()),
        )
        _attend(session, attendees, starts)
        if days < 0:
            for name in names:
                services.involvement_log(
                    young_expert=experts[name], kind="session", date=starts.date(), hours=Decimal("2"), session=session
                )
                services.involvement_log(
                    young_expert=experts[name],
                    kind="preparation",
                    date=starts.date() - datetime.timedelta(days=7),
                    hours=Decimal("1.5"),
                    session=session,
                    note="Planning with the facilitator",
                )
                if not YoungExpertFeedback.objects.filter(session=session, young_expert=experts[name]).exists():
                    services.young_expert_feedback_give(
                        session=session,
                        young_expert=experts[name],
                        voice="yes",
                        audience="yes",
                        influence="partly",
                        comments="Some people were on their phones at the start.",
                    )
    if not YouSaidWeDid.objects.exists():
        lead = facilitator.user if facilitator else None
        services.you_said_we_did_save(
            recorded_by=lead,
            service=service,
            you_said="Do not close our case when we miss one appointment. Find out why first.",
            we_did="Practitioners now call or visit before closing a case after a missed appointment.",
        )
        services.you_said_we_did_save(
            recorded_by=lead, service=service, you_said="Meet us in places we know, at times that suit us."
        )


def _attend(session, attendees, starts):
    before = starts - datetime.timedelta(days=7)
    booked = [local for local, what in attendees.items() if what != "walk_in"]
    for minutes, local in enumerate(booked):
        profile = _profile(local)
        if profile is None:
            continue
        services.training_sign_up(session=session, attendee=profile, now=before + datetime.timedelta(minutes=minutes))
    if starts > timezone.now():
        return
    came = session.attendances.filter(
        attendee__user__email__in=[f"{local}@example.org" for local, what in attendees.items() if what == "attended"]
    )
    walk_ins = [profile for local, what in attendees.items() if what == "walk_in" and (profile := _profile(local))]
    services.attendance_record(session=session, attended_ids=came.values_list("pk", flat=True), walk_ins=walk_ins)
    competences = list(session.competences.all())
    everyone = session.attendances.filter(status=TrainingAttendance.Status.ATTENDED).order_by("pk")
    for index, attendance in enumerate(everyone):
        if AttendeeFeedback.objects.filter(attendance=attendance).exists():
            continue
        services.attendee_feedback_give(
            attendance=attendance,
            learned=LEARNED[index % len(LEARNED)],
            will_do_differently=WILL_DO[index % len(WILL_DO)],
            confidence=dict.fromkeys(competences, (2 + index % 2, 4)),
        )
    if starts < services.months_before(timezone.now(), services.FOLLOW_UP_MONTHS):
        for index, attendance in enumerate(everyone[: len(CHANGED)]):
            TrainingAttendance.objects.filter(pk=attendance.pk).update(follow_up_sent_at=timezone.now())
            attendance.refresh_from_db()
            services.follow_up_answer(attendance=attendance, what_changed=CHANGED[index], changed_practice=True)
