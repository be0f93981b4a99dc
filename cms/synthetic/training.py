"""Youth-led training: youth organisations and young experts, sessions over five years with attendance,
feedback, confidence before and after, follow-ups, young experts' own feedback and "you said, we did"."""

import datetime
import decimal

from cms.synthetic.core import YEARS, Run
from cms.synthetic.workforce import PARTICIPATION, PLACES
from competencies.models import Competence, FrameworkVersion
from workforce import roles
from workforce.models import (
    AttendeeFeedback,
    ConfidenceRating,
    FollowUp,
    Involvement,
    TrainingAttendance,
    TrainingSession,
    YoungExpert,
    YoungExpertFeedback,
    YouSaidWeDid,
    YouthOrganisation,
)
from workforce.training.models import TrainingSession as Session

TOPICS = [
    ("Talking with young people in custody", "How to explain what happens next in words that make sense."),
    ("Unconscious bias and first impressions", "What young people notice first, and how it changes what they say."),
    ("Keeping your word", "Why a missed call or a late visit matters, and how to repair it."),
    ("Safe, familiar places", "Meeting young people where and when it suits them."),
    ("Strengths, not labels", "Starting from what a young person can do."),
    ("Shared decisions", "Planning support with a young person, not for them."),
    ("After a missed appointment", "Finding out why before closing a case."),
]
LEARNED = [
    "To explain the next step before asking questions.",
    "That young people notice how you first speak to them.",
    "Small promises matter: call back when you say you will.",
    "Ask where they would like to meet.",
    "Start with what is going well for them.",
]
WILL_DO = [
    "Check in before the end of each meeting about what happens next.",
    "Offer a choice of place and time.",
    "Write to the young person in plain words after we meet.",
    "Ask why before closing after a missed appointment.",
    "Share the plan and ask what they would change.",
]
CHANGED = [
    "I now offer to meet in the youth centre; more young people come back.",
    "I ask about the missed appointment before closing the case.",
    "Our team reads letters out loud before we send them.",
]
YOU_SAID = [
    ("Waiting rooms at court feel scary.", "We now meet young people in the family room when it is free."),
    ("Letters are hard to read.", "Letters are now shorter, with the next step first."),
    ("We get passed between too many workers.", "Each young person now has one named worker."),
    ("Appointments clash with college.", "We offer times after 4pm twice a week."),
]
CHOSEN_NAMES = ("Jay", "Mo", "Ash", "Remi", "Kit", "Lou", "Sky", "Rio", "Dee", "Bo")
BANDS = [band for band, _label in YoungExpert.AgeBand.choices]


def _competences() -> list[int]:
    version = FrameworkVersion.objects.published().order_by("pk").first()
    return list(Competence.objects.filter(version=version).order_by("order", "code").values_list("pk", flat=True))


def generate(run: Run) -> None:
    rng, writer, scale = run.rng, run.writer, run.scale
    progress = writer.progress
    services, people, accounts = run.made["services"], run.made["people"], run.made["accounts"]
    regions = sorted({region for _, region, _ in services})

    progress.start("young experts")
    org_count = max(len(regions), scale.young_experts // 10)
    org_ids = writer.ids(YouthOrganisation, org_count)
    orgs = []
    for number, org_id in enumerate(org_ids):
        region = regions[number % len(regions)]
        orgs.append(
            (org_id, f"{PLACES[number % len(PLACES)]} Youth Voice {number + 1} (synthetic)", region, None, True)
        )
    writer.write(YouthOrganisation, ["id", "name", "region_id", "contact_id", "active"], orgs)
    experts, expert_rows = {region: [] for region in regions}, []
    for expert_id in writer.ids(YoungExpert, scale.young_experts):
        org = rng.choice(orgs)
        band = rng.choice(BANDS)
        user_id = None
        if rng.random() < 0.3:
            user_id = accounts.add((roles.YOUNG_EXPERT,), run.day(60, YEARS * 365))[0]
        name = f"{rng.choice(CHOSEN_NAMES)} {chr(65 + rng.randrange(26))}"
        expert_rows.append(
            (
                expert_id,
                name,
                band,
                org[0],
                True,
                band == YoungExpert.AgeBand.UNDER_16,
                f"Youth worker at {org[1]}, 0161 496 0{rng.randint(100, 999)}",
                rng.choice((YoungExpert.Recognition.PAYMENT, YoungExpert.Recognition.VOUCHER)),
                user_id,
                rng.random() > 0.1,
            )
        )
        experts[org[2]].append(expert_id)
    columns = ["id", "display_name", "age_band", "organisation_id", "consent", "carer_consent"]
    writer.write(YoungExpert, [*columns, "safeguarding_contact", "recognition", "user_id", "active"], expert_rows)
    accounts.write()
    progress.finish()

    progress.start("training sessions")
    competences = _competences()
    staff_by_service: dict[int, list[int]] = {}
    leads: dict[int, int] = {}
    for person in people:
        staff_by_service.setdefault(person.service_index, []).append(person.staff_id)
        if person.job is PARTICIPATION:
            leads[person.service_index] = person.staff_id
    session_ids = writer.ids(TrainingSession, scale.sessions)
    sessions, session_competences, session_experts = [], [], []
    for session_id in session_ids:
        service_index = rng.randrange(len(services))
        service_id, region, service_name = services[service_index]
        upcoming = rng.random() < 0.08
        day = run.today + datetime.timedelta(days=rng.randint(3, 90)) if upcoming else run.day(1, YEARS * 365)
        starts = run.moment(day, 9, 15)
        title, description = rng.choice(TOPICS)
        online = rng.random() < 0.3
        whole_region = rng.random() < 0.2
        sessions.append(
            (
                session_id,
                title,
                description,
                starts,
                starts + datetime.timedelta(hours=rng.choice((2, 3))),
                "" if online else f"Training room, {service_name.replace(' Liaison and Diversion', '')}",
                online,
                None if whole_region else service_id,
                region,
                rng.choice((40, 50, None)),
                True,
                leads.get(service_index),
                upcoming,
                service_index,
            )
        )
        for competence in rng.sample(competences, 2):
            session_competences.append((session_id, competence))
        pool = experts.get(region) or [e for group in experts.values() for e in group]
        for expert in rng.sample(pool, min(2, len(pool))):
            session_experts.append((session_id, expert))
    columns = ["id", "title", "description", "starts_at", "ends_at", "location", "online", "service_id", "region_id"]
    writer.write(TrainingSession, [*columns, "capacity", "youth_led", "facilitator_id"], (row[:12] for row in sessions))
    for through, column, pairs in (
        (Session.competences.through, "competence_id", session_competences),
        (Session.young_experts.through, "youngexpert_id", session_experts),
    ):
        ids = writer.ids(through, len(pairs))
        writer.write(through, ["id", "trainingsession_id", column], ((i, *p) for i, p in zip(ids, pairs, strict=True)))
    progress.finish()

    progress.start("attendance and feedback")
    past = [row for row in sessions if not row[12]]
    per_past = [scale.feedback // len(past) + (1 if i < scale.feedback % len(past) else 0) for i in range(len(past))]
    competences_of: dict[int, list[int]] = {}
    for session_id, competence in session_competences:
        competences_of.setdefault(session_id, []).append(competence)
    attendances, feedback, ratings, follow_ups = [], [], [], []
    attended_by_staff: dict[int, list[tuple[int, int]]] = {}
    past_number = 0
    for row in sessions:
        session_id, starts, upcoming, service_index = row[0], row[3], row[12], row[13]
        staff = staff_by_service[service_index]
        with_feedback = 0
        if not upcoming:
            with_feedback, past_number = per_past[past_number], past_number + 1
        places = min(len(staff), with_feedback + max(2, with_feedback // 5) if not upcoming else rng.randint(5, 25))
        chosen = rng.sample(staff, places)
        for position, staff_id in enumerate(chosen):
            attendance_id = writer.ids(TrainingAttendance, 1)[0]
            signed_up = starts - datetime.timedelta(days=rng.randint(3, 40))
            if upcoming:
                status = TrainingAttendance.Status.SIGNED_UP
            elif position < with_feedback:
                status = TrainingAttendance.Status.ATTENDED
            else:
                status = rng.choice((TrainingAttendance.Status.ABSENT, TrainingAttendance.Status.CANCELLED))
            three_months = starts + datetime.timedelta(days=91)
            follow_up_due = status == TrainingAttendance.Status.ATTENDED and three_months.date() < run.today
            attendances.append(
                (
                    attendance_id,
                    session_id,
                    staff_id,
                    status,
                    signed_up,
                    None,
                    None,
                    rng.random() < 0.03,
                    three_months if follow_up_due else None,
                )
            )
            if status == TrainingAttendance.Status.ATTENDED:
                attended_by_staff.setdefault(staff_id, []).append((session_id, attendance_id))
                feedback_id = writer.ids(AttendeeFeedback, 1)[0]
                feedback.append(
                    (
                        feedback_id,
                        attendance_id,
                        rng.choice(LEARNED),
                        rng.choice(WILL_DO),
                        starts + datetime.timedelta(hours=3),
                    )
                )
                for competence in competences_of.get(session_id, []):
                    before = rng.randint(1, 4)
                    ratings.append((feedback_id, competence, before, min(5, before + rng.choice((0, 1, 1, 2)))))
                if follow_up_due and rng.random() < 0.4:
                    follow_ups.append(
                        (attendance_id, rng.choice(CHANGED), three_months + datetime.timedelta(days=rng.randint(1, 20)))
                    )
    columns = ["id", "session_id", "attendee_id", "status", "signed_up_at", "waiting_since", "offered_at", "walk_in"]
    writer.write(TrainingAttendance, [*columns, "follow_up_sent_at"], attendances)
    writer.write(AttendeeFeedback, ["id", "attendance_id", "learned", "will_do_differently", "given_at"], feedback)
    ids = writer.ids(ConfidenceRating, len(ratings))
    writer.write(
        ConfidenceRating,
        ["id", "feedback_id", "competence_id", "before", "after"],
        ((i, *r) for i, r in zip(ids, ratings, strict=True)),
    )
    ids = writer.ids(FollowUp, len(follow_ups))
    writer.write(
        FollowUp,
        ["id", "attendance_id", "what_changed", "answered_at"],
        ((i, *r) for i, r in zip(ids, follow_ups, strict=True)),
    )
    progress.finish()

    progress.start("young experts' time")
    involvements, expert_feedback, said = [], [], []
    answers = [value for value, _label in YoungExpertFeedback.Answer.choices]
    users = [p.user_id for p in people if p.job is PARTICIPATION]
    for session_id, expert in session_experts:
        row = sessions[session_id - session_ids.start]
        day = row[3].date()
        involvements.append(
            (
                expert,
                Involvement.Kind.PREPARATION,
                day - datetime.timedelta(days=2),
                decimal.Decimal("1.50"),
                session_id,
                "",
            )
        )
        involvements.append(
            (expert, Involvement.Kind.SESSION, day, decimal.Decimal(f"{rng.choice((2, 3))}.00"), session_id, "")
        )
        if not row[12]:
            expert_feedback.append(
                (
                    session_id,
                    expert,
                    rng.choices(answers, (6, 3, 1))[0],
                    rng.choices(answers, (6, 3, 1))[0],
                    rng.choices(answers, (4, 4, 2))[0],
                    "",
                    row[3] + datetime.timedelta(hours=4),
                )
            )
    for row in sessions[::5]:
        if row[12]:
            continue
        you_said, we_did = rng.choice(YOU_SAID)
        service_id = services[row[13]][0]
        said.append(
            (you_said, we_did if rng.random() < 0.7 else "", service_id, row[0], rng.choice(users), row[3].date())
        )
    ids = writer.ids(Involvement, len(involvements))
    writer.write(
        Involvement,
        ["id", "young_expert_id", "kind", "date", "hours", "session_id", "note"],
        ((i, *r) for i, r in zip(ids, involvements, strict=True)),
    )
    ids = writer.ids(YoungExpertFeedback, len(expert_feedback))
    columns = ["id", "session_id", "young_expert_id", "voice", "audience", "influence", "comments", "given_at"]
    writer.write(YoungExpertFeedback, columns, ((i, *r) for i, r in zip(ids, expert_feedback, strict=True)))
    ids = writer.ids(YouSaidWeDid, len(said))
    columns = ["id", "you_said", "we_did", "service_id", "session_id", "recorded_by_id", "recorded_on"]
    writer.write(YouSaidWeDid, columns, ((i, *r) for i, r in zip(ids, said, strict=True)))
    run.made.update(sessions=sessions, attended_by_staff=attended_by_staff, session_competences=competences_of)
    progress.finish()
