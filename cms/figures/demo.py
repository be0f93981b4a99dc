"""Demo figures for commissioners: enough peers, assessments and youth-led sessions in each demo region that
the dashboard shows numbers, not stars, for the last 12 months.

The other parts' demo data tells a few people's stories, and a handful of people is exactly what the
disclosure rule hides. This adds the crowd around them: for each region with a demo service, every month
of the last 12 that already has a peer starting or ending, an assessment signed off or a youth-led session
held, gets enough more that its count is at least ``SMALLEST_SHOWN``; so do each way peers moved on, each
competence rated for confidence, and each domain's "meeting every expectation". The people added have no
sign-in and sit in the region's demo service with the fewest peers (Moorland, Harbour City), so the
coordinators behind the demo sign-ins (Riverside) keep the dashboards their stories show. They are written
straight to their tables: only their totals are ever read.

Runs after every other part's demo data, so it fills in around it. Safe to run again: it only tops up what
is short, so a second run adds nothing. Seeded, so every run makes the same people.
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from cms.figures.periods import Period, day_begins
from competencies.assessments.selectors import suggested_role_profile
from competencies.models import Assessment, Competence, FrameworkVersion, Rating, RoleProfile
from peernet.journeys.selectors import MOVED_ON_WELL
from peernet.models import Peer, Stage, StageChange
from workforce.common.dates import add_months
from workforce.common.disclosure import SMALLEST_SHOWN
from workforce.models import (
    AttendeeFeedback,
    ConfidenceRating,
    FollowUp,
    Involvement,
    Service,
    StaffProfile,
    TrainingAttendance,
    TrainingSession,
    YoungExpert,
    YouthOrganisation,
)
from workforce.people import demo as people_demo

SEED = 2026
# People added here sign in nowhere: their addresses are outside the demo sign-in list's domain.
EMAIL_DOMAIN = "staff.example.org"
FRAMEWORK_NAME = "L&D Workforce Career and Competency Framework"
VOLUNTEER_MONTHS = 18
FIRST_NAMES = ["Amy", "Ben", "Cara", "Dev", "Eve", "Finn", "Gina", "Hal", "Isla", "Joe", "Kit", "Lou", "Mia", "Ned"]
LAST_INITIALS = "ABCDEFGHJKLMNPRSTW"
YOUNG_EXPERTS = ["Ash", "Bex", "Cal", "Dani", "Eli", "Frankie", "Gabe", "Harley"]
TOPICS = ["Talking with young people in custody", "Unconscious bias", "What a good first meeting looks like"]
CHANGED = [
    "I explain what happens next in plain words before the interview.",
    "I ask young people where they would like to meet.",
    "I check in by text before an appointment, as they asked.",
]
LEARNED = "How it feels to wait alone in a cell, and why a plain explanation helps."
WILL_DO = "Explain each step, and ask what would help."


def _today() -> datetime.date:
    return timezone.localdate()


def last_12_months(today: datetime.date) -> Period:
    return Period(add_months(today, -12) + datetime.timedelta(days=1), today)


def _bucket_of(period: Period, day: datetime.date) -> int | None:
    for index, (start, end, _label) in enumerate(period.buckets()):
        if start <= day <= end:
            return index
    return None


def _short_by(counts: Counter) -> dict:
    """How many each key needs to reach the smallest number shown; keys at 0 stay at 0."""
    return {key: SMALLEST_SHOWN - n for key, n in counts.items() if 0 < n < SMALLEST_SHOWN}


def _regions() -> dict[int, list[Service]]:
    """The demo services by region, the one with the fewest peers first (where the crowd is added)."""
    names = [name for name, _provider, _code in people_demo.SERVICES]
    services = Service.objects.filter(name__in=names).annotate(peer_count=Count("peers")).order_by("peer_count", "pk")
    by_region: dict[int, list[Service]] = {}
    for service in services:
        by_region.setdefault(service.region_id, []).append(service)
    return by_region


# --- People without a sign-in ------------------------------------------------------------------------------


def _staff(service: Service, count: int, rng: random.Random) -> list[StaffProfile]:
    """``count`` practitioners in ``service`` (made once, then reused), line managed by its manager."""
    existing = list(
        StaffProfile.objects.filter(service=service, user__email__endswith=f"@{EMAIL_DOMAIN}").order_by("pk")
    )
    if len(existing) >= count:
        return existing[:count]
    User = get_user_model()
    manager = (
        StaffProfile.objects.filter(service=service, job_title="Service manager").order_by("pk").first()
        or StaffProfile.objects.filter(service=service).order_by("pk").first()
    )
    made = []
    for number in range(len(existing), count):
        first, initial = FIRST_NAMES[number % len(FIRST_NAMES)], LAST_INITIALS[(number + service.pk) % 18]
        email = f"{first}.{initial}{number}.{service.slug}@{EMAIL_DOMAIN}".lower()
        user = User(username=email, email=email, first_name=first, last_name=f"{initial}.")
        user.set_unusable_password()
        user.save()
        made.append(
            StaffProfile.objects.create(
                user=user,
                service=service,
                job_title="Practitioner",
                line_manager=manager,
                start_date=_today() - datetime.timedelta(days=rng.randint(400, 2000)),
            )
        )
    return existing + made


# --- Peers -------------------------------------------------------------------------------------------------


def _peer(service, coordinator, rng, *, start, ended=None, outcome="", paid=False) -> Peer:
    return Peer(
        display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_INITIALS)}",
        paid=paid,
        service=service,
        coordinator=coordinator,
        stage=Stage.ENDED if ended else Stage.ACTIVE,
        start_date=start,
        planned_end_date=None if paid else add_months(start, VOLUNTEER_MONTHS),
        ended_on=ended,
        outcome=outcome,
    )


def _peers(services: list[Service], period: Period, rng: random.Random) -> None:
    service = services[0]
    coordinator = (
        Peer.objects.filter(service=service).order_by("pk").values_list("coordinator", flat=True).first()
        or StaffProfile.objects.filter(service=service).order_by("pk").values_list("pk", flat=True).first()
    )
    if coordinator is None:
        return
    coordinator = StaffProfile.objects.get(pk=coordinator)
    region_peers = Peer.objects.filter(service__region_id=service.region_id)
    new = []
    # Starts: each month with a start gets enough; none at all, a cohort four months ago.
    starts = Counter()
    first_start = {}
    for day in region_peers.filter(start_date__range=(period.start, period.end)).values_list("start_date", flat=True):
        bucket = _bucket_of(period, day)
        starts[bucket] += 1
        first_start.setdefault(bucket, day)
    wanted = _short_by(starts)
    if not starts:
        cohort_day = add_months(period.end, -4)
        first_start[_bucket_of(period, cohort_day)] = cohort_day
        wanted = {_bucket_of(period, cohort_day): SMALLEST_SHOWN}
    for bucket, count in wanted.items():
        new += [_peer(service, coordinator, rng, start=first_start[bucket]) for _ in range(count)]
    # Ends, each with a way they moved on, so that both each month and each way reach the smallest shown.
    ended = region_peers.filter(stage=Stage.ENDED, ended_on__range=(period.start, period.end))
    ends, first_end = Counter(), {}
    for day in ended.values_list("ended_on", flat=True):
        bucket = _bucket_of(period, day)
        ends[bucket] += 1
        first_end.setdefault(bucket, day)
    outcomes = Counter(ended.values_list("outcome", flat=True))
    if not ends:
        end_day = add_months(period.end, -3)
        ends[_bucket_of(period, end_day)], first_end[_bucket_of(period, end_day)] = SMALLEST_SHOWN, end_day
        outcomes[Peer.Outcome.PAID_LD] = SMALLEST_SHOWN
        ending = [end_day] * SMALLEST_SHOWN
    else:
        ending = [first_end[bucket] for bucket, count in _short_by(ends).items() for _ in range(count)]
    ways = [outcome for outcome, count in _short_by(outcomes).items() for _ in range(count)]
    busiest = first_end[max(ends, key=lambda bucket: (ends[bucket], -bucket))]
    ending += [busiest] * max(0, len(ways) - len(ending))
    common = max(outcomes, key=lambda outcome: (outcomes[outcome], outcome in MOVED_ON_WELL))
    ways += [common] * (len(ending) - len(ways))
    for day, outcome in zip(ending, ways, strict=True):
        new.append(
            _peer(service, coordinator, rng, start=add_months(day, -VOLUNTEER_MONTHS), ended=day, outcome=outcome)
        )
    # Paid peer support workers active in the period: topped up with workers who started before it.
    paid = region_peers.filter(
        paid=True, start_date__lte=period.end, stage__in=(Stage.ACTIVE, Stage.MOVE_ON, Stage.ENDED)
    )
    paid = paid.exclude(ended_on__lt=period.start).count()
    for _ in range(SMALLEST_SHOWN - paid if 0 < paid < SMALLEST_SHOWN else 0):
        new.append(_peer(service, coordinator, rng, start=add_months(period.start, -rng.randint(2, 20)), paid=True))
    peers = Peer.objects.bulk_create(new)
    StageChange.objects.bulk_create(
        change
        for peer in peers
        for change in (
            [StageChange(peer=peer, stage=Stage.ACTIVE, entered_on=peer.start_date, left_on=peer.ended_on)]
            + ([StageChange(peer=peer, stage=Stage.ENDED, entered_on=peer.ended_on)] if peer.ended_on else [])
        )
    )


# --- Assessments -------------------------------------------------------------------------------------------


def _published_version() -> FrameworkVersion | None:
    versions = FrameworkVersion.objects.published().select_related("framework")
    return versions.filter(framework__name=FRAMEWORK_NAME).first() or versions.first()


def _assessments(services: list[Service], period: Period, rng: random.Random) -> None:
    """Signed off in the months that already have one (or two months ago), at least 16 people a region so
    that half can fall short in one domain and both halves still show."""
    version = _published_version()
    if version is None:
        return
    service = services[0]
    signed_off = Assessment.objects.signed_off().filter(
        staff__service__region_id=service.region_id,
        signed_off_at__gte=day_begins(period.start),
        signed_off_at__lt=day_begins(period.end + datetime.timedelta(days=1)),
    )
    months, first_day = Counter(), {}
    for at in signed_off.values_list("signed_off_at", flat=True):
        bucket = _bucket_of(period, timezone.localtime(at).date())
        months[bucket] += 1
        first_day.setdefault(bucket, timezone.localtime(at).date())
    if sum(months.values()) >= 2 * SMALLEST_SHOWN and not _short_by(months):
        return
    days = [first_day[bucket] for bucket, count in _short_by(months).items() for _ in range(count)]
    if not months:
        first_day[0], months[0] = add_months(period.end, -2), 0
    busiest = first_day[max(months, key=lambda bucket: (months[bucket], -bucket))]
    days += [busiest] * max(0, 2 * SMALLEST_SHOWN - len(days))
    staff = _staff(service, len(days), rng)
    staff = [person for person in staff if not Assessment.objects.filter(staff=person).exists()][: len(days)]
    profiles = list(RoleProfile.objects.filter(version=version).select_related("level", "role"))
    profile = suggested_role_profile(staff=staff[0], profiles=profiles) if staff else None
    if profile is None:
        return
    expected = {e.competence_id: e.proficiency.value for e in profile.expectations.select_related("proficiency")}
    scale = {value.value: value for value in version.scale_values.all()}
    steps = sorted(scale)
    first_domain = (
        Competence.objects.filter(pk__in=expected).order_by("domain__order", "domain__code").values("domain").first()
    )
    gaps = list(Competence.objects.filter(pk__in=expected, domain=first_domain["domain"]).order_by("order", "code")[:2])
    competences = list(Competence.objects.filter(pk__in=expected).order_by("pk"))
    manager = staff[0].line_manager.user if staff[0].line_manager else None
    for index, (person, day) in enumerate(zip(staff, days, strict=False)):
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0)))
        assessment = Assessment.objects.create(
            staff=person,
            version=version,
            role_profile=profile,
            status=Assessment.Status.SIGNED_OFF,
            submitted_at=at - datetime.timedelta(days=7),
            signed_off_at=at,
            signed_off_by=manager,
        )
        Assessment.objects.filter(pk=assessment.pk).update(created_at=at - datetime.timedelta(days=21))
        short = index % 2 == 1  # every other person falls short on the first domain's two gap competences
        ratings = []
        for competence in competences:
            level = steps.index(expected[competence.pk]) if expected[competence.pk] in steps else len(steps) // 2
            if short and competence in gaps:
                level -= 1
            elif rng.random() < 0.25:
                level += 1
            value = scale[steps[max(0, min(len(steps) - 1, level))]]
            ratings.append(
                Rating(
                    assessment=assessment,
                    competence=competence,
                    self_value=value,
                    manager_value=value,
                    evidence="Used in custody and at court this year; talked through in supervision.",
                )
            )
        Rating.objects.bulk_create(ratings)


# --- Youth-led training ------------------------------------------------------------------------------------


def _young_experts() -> list[YoungExpert]:
    organisation = YouthOrganisation.objects.order_by("pk").first()
    if organisation is None:
        return []
    experts = []
    for name in YOUNG_EXPERTS:
        expert = YoungExpert.objects.filter(display_name=name, organisation=organisation).first()
        experts.append(
            expert
            or YoungExpert.objects.create(
                display_name=name,
                age_band=YoungExpert.AgeBand.EIGHTEEN_TWENTY_ONE,
                organisation=organisation,
                consent=True,
                safeguarding_contact="The youth organisation's participation worker",
            )
        )
    return experts


def _training(services: list[Service], period: Period, rng: random.Random, now) -> None:
    experts = _young_experts()
    if not experts:
        return
    service = services[0]
    held = TrainingSession.objects.filter(
        youth_led=True,
        region_id=service.region_id,
        starts_at__lte=now,
        starts_at__gte=day_begins(period.start),
    )
    months, first_day = Counter(), {}
    for at in held.values_list("starts_at", flat=True):
        bucket = _bucket_of(period, timezone.localtime(at).date())
        months[bucket] += 1
        first_day.setdefault(bucket, timezone.localtime(at).date())
    if months:
        days = [first_day[bucket] for bucket, count in _short_by(months).items() for _ in range(count)]
    else:
        days = [add_months(period.end, -5)] * SMALLEST_SHOWN
    if not days:
        return
    # Rated on the competences the region's sessions already use, so their small counts are topped up too.
    competences = list(Competence.objects.filter(training_sessions__in=held).distinct().order_by("code")) or list(
        Competence.objects.filter(version=_published_version()).order_by("domain__order", "order")[:2]
    )
    staff = list(StaffProfile.objects.filter(service__region_id=service.region_id, active=True).order_by("pk"))
    staff += [person for person in _staff(service, 2 * SMALLEST_SHOWN, rng) if person not in staff]
    follow_up_by = add_months(now, -3)
    for index, day in enumerate(days):
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
        session = TrainingSession.objects.create(
            title=f"{TOPICS[index % len(TOPICS)]} ({service.name}, {day:%d %b %Y}, {index + 1})",
            description="Co-delivered by young experts from the local youth participation group.",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            location="Training room",
            service=service,
            region_id=service.region_id,
            youth_led=True,
        )
        # Two young experts a session, in turn; the last session takes anyone not yet given a turn.
        first = 2 * index % len(experts)
        pair = experts[first : first + 2]
        if index == len(days) - 1:
            pair += experts[2 * len(days) :]
        session.young_experts.set(pair)
        session.competences.set(competences)
        Involvement.objects.bulk_create(
            Involvement(young_expert=expert, kind="session", date=day, hours=Decimal("2"), session=session)
            for expert in pair
        )
        came = rng.sample(staff, min(len(staff), SMALLEST_SHOWN + 2))
        attendances = TrainingAttendance.objects.bulk_create(
            TrainingAttendance(
                session=session,
                attendee=person,
                status=TrainingAttendance.Status.ATTENDED,
                follow_up_sent_at=starts + datetime.timedelta(days=91) if starts < follow_up_by else None,
            )
            for person in came
        )
        feedback = AttendeeFeedback.objects.bulk_create(
            AttendeeFeedback(attendance=attendance, learned=LEARNED, will_do_differently=WILL_DO)
            for attendance in attendances
        )
        ConfidenceRating.objects.bulk_create(
            ConfidenceRating(feedback=item, competence=competence, before=rng.randint(1, 3), after=rng.randint(3, 5))
            for item in feedback
            for competence in competences
        )
        FollowUp.objects.bulk_create(
            FollowUp(
                attendance=attendance,
                what_changed=CHANGED[number % len(CHANGED)],
                # Most say the session changed how they work; some not yet.
                changed_practice=number % 5 != 4,
            )
            for number, attendance in enumerate(attendances)
            if attendance.follow_up_sent_at and number % 3 != 2
        )


def load() -> None:
    rng = random.Random(SEED)
    now = timezone.now()
    period = last_12_months(_today())
    for _region, services in sorted(_regions().items()):
        _peers(services, period, rng)
        _assessments(services, period, rng)
        _training(services, period, rng, now)
