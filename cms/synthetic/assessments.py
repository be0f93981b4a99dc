"""Self-assessments over five years against the published framework: drafts, submitted and signed off, with
the person's and the manager's ratings, every status change, and the plan actions that follow."""

import datetime

from cms.synthetic.core import Run
from cms.synthetic.workforce import COORDINATOR, PARTICIPATION, SERVICE_MANAGER, TEAM_JOBS, TEAM_LEADER, Person
from competencies.evidence.models import EvidenceItem
from competencies.models import Assessment, AssessmentStatusChange, Expectation, FrameworkVersion, PlanAction, Rating
from competencies.models import RoleProfile as Profile

S = Assessment.Status
EVIDENCE = [
    "Used this with people seen in custody this year; discussed in supervision.",
    "Shadowed a colleague at court and then led two screenings myself.",
    "Completed the e-learning and used it with a young person at the police station.",
    "Feedback from the custody sergeant and from the person supported.",
]
ACTIONS = [
    "Shadow a specialist practitioner at the youth court",
    "Complete the safeguarding refresher",
    "Go to a youth-led session on communication",
    "Lead a screening with my supervisor observing",
    "Read the local referral pathway and present it at the team meeting",
    "Ask a peer support worker to show me how they prepare for court",
]
EVIDENCE_LINKS = [
    ("Certificate: safeguarding children level 3", "https://www.e-lfh.org.uk/programmes/safeguarding-children/"),
    ("Course page: Liaison and Diversion e-learning", "https://www.e-lfh.org.uk/programmes/liaison-and-diversion/"),
    ("Mental health awareness course", "https://www.mind.org.uk/workplace/mental-health-at-work/"),
]
LINKS = [
    "https://www.e-lfh.org.uk/programmes/liaison-and-diversion/",
    "https://www.england.nhs.uk/commissioning/health-just/liaison-and-diversion/",
    "",
]


def _framework():
    """The published framework's profiles, each with the competences it expects at what scale position."""
    version = FrameworkVersion.objects.published().order_by("pk").first()
    if version is None:
        raise LookupError("No framework is published. Run manage.py load_framework first.")
    scale = list(version.scale_values.order_by("value").values_list("pk", flat=True))
    position = {pk: index for index, pk in enumerate(scale)}
    profiles = list(Profile.objects.filter(version=version).select_related("level", "role"))
    expected: dict[int, dict[int, int]] = {profile.pk: {} for profile in profiles}
    for profile_id, competence_id, proficiency_id in Expectation.objects.filter(
        role_profile__version=version
    ).values_list("role_profile_id", "competence_id", "proficiency_id"):
        expected[profile_id][competence_id] = position[proficiency_id]
    return version, scale, profiles, expected


def _target(profile, profiles):
    """The next role up: the lowest profile above this one's level, the same role if there is one."""
    higher = sorted((p for p in profiles if p.level.number > profile.level.number), key=lambda p: p.level.number)
    same = [p for p in higher if p.role_id == profile.role_id]
    return (same or higher or [None])[0]


def generate(run: Run) -> None:
    rng, writer, scale = run.rng, run.writer, run.scale
    progress = writer.progress
    version, values, profiles, expected = _framework()
    by_code = {p.code: p for p in profiles}
    fallback = sorted(profiles, key=lambda p: p.level.number)[len(profiles) // 2]
    combos: dict[str, tuple] = {}
    for job in (SERVICE_MANAGER, TEAM_LEADER, COORDINATOR, PARTICIPATION, *TEAM_JOBS):
        profile = by_code.get(job.profile, fallback)
        target = _target(profile, profiles)
        wanted = dict(expected[target.pk]) if target else {}
        wanted.update(expected[profile.pk])
        combos[job.key] = (profile.pk, target and target.pk, sorted(wanted.items()))
    top = len(values) - 1
    people: list[Person] = run.made["people"]
    attended = run.made.get("attended_by_staff", {})
    sessions = {row[0]: row for row in run.made.get("sessions", [])}
    session_competences = run.made.get("session_competences", {})
    per_person = [scale.assessments // len(people)] * len(people)
    for index in rng.sample(range(len(people)), scale.assessments % len(people)):
        per_person[index] += 1

    assessment_rows, changes, actions = [], [], []
    evidence_items, training_links = [], []  # (rating, title, link, by, at) and (rating, attendance)
    ids = writer.ids(Assessment, scale.assessments)
    next_assessment = iter(ids)
    first_rating = writer.ids(Rating, 0).start
    last_rating = [first_rating - 1]

    def ratings():
        random, choice = rng.random, rng.choice
        rating_id = first_rating - 1
        for person, count in zip(people, per_person, strict=True):
            if not count:
                continue
            profile_id, target_id, wanted = combos[person.job.key]
            skill = rng.choice((-1, 0, 0, 0, 1))
            span = max(1, (run.today - person.start).days - 7)
            step = span / count
            previous: dict[int, tuple[int, int]] = {}  # competence -> (rating id, scale position)
            manager_user = person.manager_user_id
            went = [
                (sessions[session_id][3], attendance_id, session_competences.get(session_id, ()))
                for session_id, attendance_id in attended.get(person.staff_id, ())
            ]
            since = datetime.datetime.combine(person.start, datetime.time(), tzinfo=run.zone)
            for number in range(count):
                assessment_id = next(next_assessment)
                last = number == count - 1
                created_day = person.start + datetime.timedelta(days=int(step * number + rng.random() * step * 0.5))
                created = run.moment(min(created_day, run.today))
                status = S.SIGNED_OFF
                if last and person.active:
                    status = rng.choices((S.DRAFT, S.SUBMITTED, S.RETURNED, S.SIGNED_OFF), (25, 20, 5, 50))[0]
                if manager_user is None and status in (S.SUBMITTED, S.RETURNED):
                    status = S.SIGNED_OFF
                submitted = signed = None
                if status != S.DRAFT:
                    submitted = created + datetime.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 5))
                if status == S.SIGNED_OFF:
                    signed = submitted + datetime.timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 5))
                now = run.moment(run.today)
                submitted = submitted and min(submitted, now)
                signed = signed and min(signed, now)
                reviewed = status in (S.SIGNED_OFF, S.RETURNED)
                assessment_rows.append(
                    (
                        assessment_id,
                        person.staff_id,
                        version.pk,
                        profile_id,
                        target_id,
                        status,
                        1 if reviewed else 0,
                        created,
                        submitted,
                        signed,
                        manager_user if signed else None,
                    )
                )
                changes.append((assessment_id, person.user_id, created, "", S.DRAFT, ""))
                if submitted:
                    changes.append((assessment_id, person.user_id, submitted, S.DRAFT, S.SUBMITTED, ""))
                if status == S.RETURNED:
                    message = "Please add evidence for the competences marked not yet."
                    changes.append(
                        (
                            assessment_id,
                            manager_user,
                            submitted + datetime.timedelta(days=2),
                            S.SUBMITTED,
                            S.RETURNED,
                            message,
                        )
                    )
                if signed:
                    changes.append((assessment_id, manager_user, signed, S.SUBMITTED, S.SIGNED_OFF, ""))
                growth = min(2, (number * 2) // max(count, 1))
                draft = status == S.DRAFT
                manager_at = signed or (submitted and submitted + datetime.timedelta(days=2))
                base = skill + growth - 1
                gaps = []
                # Training the person went to since their last assessment, offered as evidence in this one.
                trained = {
                    competence: attendance
                    for at, attendance, covered in went
                    if since <= at < created
                    for competence in covered
                }
                since = created
                # The hot loop of the whole command, once for every rating: locals only, one tuple a row.
                for competence_id, want in wanted:
                    rating_id += 1
                    before = previous.get(competence_id)
                    if draft and random() < 0.4:
                        # A draft: this competence is not rated yet.
                        yield (
                            rating_id,
                            assessment_id,
                            competence_id,
                            None,
                            "",
                            "",
                            False,
                            None,
                            "",
                            None,
                            None,
                            0,
                            before and before[0],
                        )
                        continue
                    # Copied from the previous assessment, as the rating form offers, or rated afresh.
                    carried = before is not None and random() < 0.3
                    if carried:
                        position = before[1]
                    else:
                        position = want + base + (random() < 0.35) - (random() < 0.2)
                        position = 0 if position < 0 else top if position > top else position
                    if position < want:
                        gaps.append(competence_id)
                    manager_value = None
                    if reviewed:
                        shift = random()
                        seen = position + 1 if shift < 0.1 else position - 1 if shift < 0.2 else position
                        manager_value = values[0 if seen < 0 else top if seen > top else seen]
                    evidence = ""
                    if random() < 0.15:
                        evidence = choice(EVIDENCE)
                        if random() < 0.1:
                            title, link = choice(EVIDENCE_LINKS)
                            evidence_items.append((rating_id, title, link, person.user_id, created))
                    if trained and competence_id in trained:
                        training_links.append((rating_id, trained[competence_id]))
                    yield (
                        rating_id,
                        assessment_id,
                        competence_id,
                        values[position],
                        evidence,
                        "",
                        carried,
                        manager_value,
                        "",
                        manager_user if manager_value else None,
                        manager_at if manager_value else None,
                        1,
                        before and before[0],
                    )
                    previous[competence_id] = (rating_id, position)
                if status in (S.SIGNED_OFF, S.RETURNED) and gaps:
                    for competence_id in rng.sample(gaps, min(len(gaps), 2 if last else 1)):
                        actions.append(
                            _action(
                                run, person, assessment_id, competence_id, signed or created, last, attended, sessions
                            )
                        )
        last_rating[0] = rating_id

    columns = ["id", "assessment_id", "competence_id", "self_value_id", "evidence", "comment", "carried_forward"]
    columns += ["manager_value_id", "manager_comment", "manager_by_id", "manager_at", "self_revision", "previous_id"]
    expected_ratings = sum(
        count * len(combos[person.job.key][2]) for person, count in zip(people, per_person, strict=True)
    )
    progress.start("assessments and ratings", total=expected_ratings + scale.assessments)
    writer.write(Rating, columns, ratings())
    writer.ids(Rating, last_rating[0] - first_rating + 1)
    columns = ["id", "staff_id", "version_id", "role_profile_id", "target_profile_id", "status", "review_revision"]
    writer.write(
        Assessment, [*columns, "created_at", "submitted_at", "signed_off_at", "signed_off_by_id"], assessment_rows
    )
    progress.finish()

    progress.start("status changes and plans")
    ids = writer.ids(EvidenceItem, len(evidence_items))
    writer.write(
        EvidenceItem,
        ["id", "rating_id", "title", "link", "added_by_id", "added_at"],
        ((i, *e) for i, e in zip(ids, evidence_items, strict=True)),
    )
    through = Rating.training.through
    ids = writer.ids(through, len(training_links))
    writer.write(
        through,
        ["id", "rating_id", "trainingattendance_id"],
        ((i, *t) for i, t in zip(ids, training_links, strict=True)),
    )
    change_ids = writer.ids(AssessmentStatusChange, len(changes))
    writer.write(
        AssessmentStatusChange,
        ["id", "assessment_id", "by_id", "at", "from_status", "to_status", "message"],
        ((i, *c) for i, c in zip(change_ids, changes, strict=True)),
    )
    action_ids = writer.ids(PlanAction, len(actions))
    writer.write(
        PlanAction,
        [
            "id",
            "assessment_id",
            "competence_id",
            "action",
            "due_date",
            "status",
            "session_id",
            "link",
            "created_at",
            "updated_at",
        ],
        ((i, *a) for i, a in zip(action_ids, actions, strict=True)),
    )
    progress.finish()
    assessment_rows.clear()
    changes.clear()


def _action(run: Run, person: Person, assessment_id, competence_id, at, last, attended, sessions) -> tuple:
    rng = run.rng
    session_id, link = None, rng.choice(LINKS)
    went = attended.get(person.staff_id)
    if went and rng.random() < 0.5:
        session_id, link = rng.choice(went)[0], ""
    due = at.date() + datetime.timedelta(days=rng.randint(30, 180))
    if not last:
        status = PlanAction.Status.DONE
    else:
        status = rng.choice((PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS, PlanAction.Status.DONE))
    text = rng.choice(ACTIONS)
    if session_id and session_id in sessions:
        text = f"Go to the youth-led session: {sessions[session_id][1]}"
    return (assessment_id, competence_id, text, due, status, session_id, link, at, at)
