"""Regions, services and people: staff with line managers, and the other kinds of user, with their sign-ins."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.synthetic.core import SYNTHETIC_DOMAIN, YEARS, Run
from workforce import roles
from workforce.accounts.demo import DEMO_DEVICE_NAME, DEMO_TOTP_KEY
from workforce.models import Region, Service, StaffProfile
from workforce.people.demo import DEMO_PASSWORD

User = get_user_model()
R = roles

FIRST_NAMES = [
    "Aaliyah",
    "Adam",
    "Aisha",
    "Alex",
    "Alfie",
    "Amara",
    "Amelia",
    "Arjun",
    "Ava",
    "Ben",
    "Beth",
    "Caleb",
    "Callum",
    "Chloe",
    "Chris",
    "Dan",
    "Daisy",
    "Dev",
    "Eden",
    "Ella",
    "Ellis",
    "Emma",
    "Erin",
    "Ethan",
    "Faith",
    "Finn",
    "Freya",
    "Gabriel",
    "George",
    "Grace",
    "Hana",
    "Harry",
    "Imran",
    "Isla",
    "Jack",
    "Jade",
    "Jamal",
    "Jess",
    "Joel",
    "Kai",
    "Kara",
    "Kim",
    "Leah",
    "Leo",
    "Lily",
    "Luca",
    "Maya",
    "Mia",
    "Milo",
    "Nadia",
    "Nathan",
    "Nia",
    "Noah",
    "Olivia",
    "Omar",
    "Owen",
    "Priya",
    "Quinn",
    "Rae",
    "Ravi",
    "Rhys",
    "Rosa",
    "Ruby",
    "Ryan",
    "Sam",
    "Sara",
    "Seb",
    "Sofia",
    "Tara",
    "Theo",
    "Tom",
    "Una",
    "Vik",
    "Will",
    "Yasmin",
    "Zac",
    "Zara",
    "Zoe",
]
LAST_NAMES = [
    "Adams",
    "Ahmed",
    "Ali",
    "Allen",
    "Bailey",
    "Baker",
    "Begum",
    "Bell",
    "Brooks",
    "Brown",
    "Carter",
    "Clarke",
    "Cole",
    "Cox",
    "Davies",
    "Dixon",
    "Doyle",
    "Dunn",
    "Edwards",
    "Evans",
    "Fisher",
    "Fox",
    "Gill",
    "Gray",
    "Green",
    "Hall",
    "Harris",
    "Hart",
    "Hill",
    "Hughes",
    "Hussain",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Lee",
    "Lewis",
    "Lin",
    "Marsh",
    "Mason",
    "Mills",
    "Moore",
    "Morgan",
    "Moss",
    "Murphy",
    "Nash",
    "Noor",
    "Okafor",
    "Owen",
    "Patel",
    "Price",
    "Quinn",
    "Reed",
    "Reid",
    "Rose",
    "Shah",
    "Singh",
    "Smith",
    "Stone",
    "Taylor",
    "Thomas",
    "Turner",
    "Walker",
    "Walsh",
    "Ward",
    "Watson",
    "White",
    "Wood",
    "Wright",
    "Young",
]
PLACES = [
    "Ashvale",
    "Brookmere",
    "Caldwick",
    "Dunmoor",
    "Eastbridge",
    "Fernley",
    "Glenford",
    "Hartwell",
    "Ironbrook",
    "Kingsmead",
    "Larkfield",
    "Millbrook",
    "Northgate",
    "Oakhurst",
    "Pennmoor",
    "Queensbury",
    "Ravenscar",
    "Saltmarsh",
    "Thornbury",
    "Upton",
    "Valewood",
    "Westcombe",
    "Yarrowby",
    "Ambleford",
    "Bramhope",
    "Chesterwood",
    "Dalesby",
    "Elmstead",
    "Foxhollow",
    "Greyhaven",
    "Holmwood",
    "Ivydale",
    "Juniper",
    "Kestrel",
    "Lowmoor",
    "Marshfield",
    "Netherby",
    "Orchardleigh",
    "Pinewood",
    "Redbrook",
    "Stillwater",
    "Tidewell",
    "Wrenfield",
    "Yewbank",
]
PROVIDERS = ("NHS Foundation Trust", "Partnership NHS Trust", "Health and Care NHS Trust", "Care Partnership CIC")


@dataclass(frozen=True)
class Job:
    key: str
    title: str
    profile: str  # role profile code in the shipped framework
    kinds: tuple
    share: float  # of a service's staff after its managers


SERVICE_MANAGER = Job(
    "manager", "Service manager", "service-manager", (R.SERVICE_MANAGER, R.LINE_MANAGER, R.STAFF_MEMBER), 0
)
TEAM_LEADER = Job("leader", "Team leader", "senior-practitioner", (R.LINE_MANAGER, R.STAFF_MEMBER), 0)
COORDINATOR = Job(
    "coordinator", "Lead peer support worker", "lead-peer-support-worker", (R.PEER_COORDINATOR, R.STAFF_MEMBER), 0
)
PARTICIPATION = Job("participation", "Participation lead", "practitioner", (R.PARTICIPATION_LEAD, R.STAFF_MEMBER), 0)
TEAM_JOBS = (
    Job("practitioner", "Practitioner", "practitioner", (R.STAFF_MEMBER,), 0.52),
    Job(
        "specialist",
        "Specialist practitioner (children and young people)",
        "specialist-practitioner",
        (R.STAFF_MEMBER,),
        0.07,
    ),
    Job(
        "specialist_courts",
        "Specialist practitioner (Crown Courts)",
        "specialist-practitioner",
        (R.STAFF_MEMBER,),
        0.05,
    ),
    Job("str", "Support time recovery worker", "str-worker", (R.STAFF_MEMBER,), 0.24),
    Job("psw", "Peer support worker", "peer-support-worker", (R.PEER_WORKER, R.STAFF_MEMBER), 0.12),
)
TEAM_SIZE = 12


@dataclass
class Person:
    """A staff member as later areas need them: ids, service, job, manager, start."""

    staff_id: int
    user_id: int
    service_index: int
    job: Job
    manager_staff_id: int | None
    manager_user_id: int | None
    start: datetime.date
    active: bool


class Names:
    """Unique, plausible names and addresses, the same for the same seed."""

    def __init__(self, run: Run):
        self.run, self.used = run, 0

    def next(self) -> tuple[str, str, str]:
        rng = self.run.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        self.used += 1
        return first, last, f"{first}.{last}.{self.used}@{SYNTHETIC_DOMAIN}".lower()


class Accounts:
    """Users, their groups and their demo authenticator app, gathered and written in three bulk inserts."""

    def __init__(self, run: Run):
        self.run = run
        self.names = Names(run)
        self.password = make_password(DEMO_PASSWORD)
        self.groups = dict(Group.objects.values_list("name", "pk"))
        self.users: list[tuple] = []
        self.memberships: list[tuple[int, int]] = []

    def add(self, kinds, joined: datetime.date, *, name: tuple[str, str] | None = None) -> tuple[int, str, str]:
        first, last, email = self.names.next()
        if name:
            first, last = name
        (user_id,) = self.run.writer.ids(User, 1)
        joined_at = self.run.moment(joined)
        self.users.append((user_id, self.password, None, False, email, first, last, email, False, True, joined_at))
        for kind in kinds:
            self.memberships.append((user_id, self.groups[kind.name]))
        return user_id, first, last

    def write(self) -> None:
        writer = self.run.writer
        columns = ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email"]
        writer.write(User, [*columns, "is_staff", "is_active", "date_joined"], self.users)
        through = User.groups.through
        ids = writer.ids(through, len(self.memberships))
        writer.write(
            through, ["id", "user_id", "group_id"], ((i, *m) for i, m in zip(ids, self.memberships, strict=True))
        )
        devices = writer.ids(TOTPDevice, len(self.users))
        writer.write(
            TOTPDevice,
            ["id", "user_id", "name", "key", "confirmed", "created_at"],
            ((i, u[0], DEMO_DEVICE_NAME, DEMO_TOTP_KEY, True, u[10]) for i, u in zip(devices, self.users, strict=True)),
        )
        self.users.clear()
        self.memberships.clear()


def _services(run: Run) -> list[tuple[int, int, str]]:
    """The services, spread over the regions: (id, region id, name).

    Where there are at most two a region they go two by two, so each region that has any has two teams that
    can visit each other; where there are more, they go round the regions, so every region has some."""
    regions = list(Region.objects.order_by("code").values_list("pk", flat=True))
    taken = set(Service.objects.values_list("slug", flat=True))
    rng, rows, made = run.rng, [], []
    places = list(PLACES)
    rng.shuffle(places)
    ids = run.writer.ids(Service, run.scale.services)
    for number, service_id in enumerate(ids):
        place = places[number % len(places)] + ("" if number < len(places) else f" {number // len(places) + 1}")
        name = f"{place} Liaison and Diversion"
        slug = name.lower().replace(" ", "-")
        while slug in taken:
            name, slug = f"{name} (synthetic)", f"{slug}-synthetic"
        taken.add(slug)
        paired = run.scale.services <= 2 * len(regions)
        region = regions[number // 2] if paired else regions[number % len(regions)]
        provider = f"{place} {rng.choice(PROVIDERS)}"
        rows.append((service_id, name, slug, provider, region, rng.choice((6, 12, 12, 12, 24)), 18, True))
        made.append((service_id, region, name))
    columns = ["id", "name", "slug", "provider", "region_id", "reassessment_months", "volunteer_max_months", "active"]
    run.writer.write(Service, columns, rows)
    return made


def generate(run: Run) -> None:
    """Services, then each service's staff: a service manager, team leaders each with a team of about 12,
    peer coordinators, a participation lead and the team roles; then commissioners and editors."""
    progress, rng, scale = run.writer.progress, run.rng, run.scale
    progress.start("regions and services")
    services = _services(run)
    progress.finish()

    progress.start("people")
    accounts = Accounts(run)
    people: list[Person] = []
    staff_rows = []
    per_service = [
        scale.staff // scale.services + (1 if i < scale.staff % scale.services else 0) for i in range(scale.services)
    ]
    first_in_region: set[int] = set()
    network_coordinators: dict[int, int] = {}  # region id -> user id
    network_members: list[tuple[int, int]] = []  # (region id, user id)
    weights = [job.share for job in TEAM_JOBS]
    oldest = YEARS * 365

    def hire(service_index, job, manager: Person | None, *, extra_kinds=()):
        start = run.day(30, oldest + 400)
        user_id, first, last = accounts.add((*job.kinds, *extra_kinds), start)
        (staff_id,) = run.writer.ids(StaffProfile, 1)
        active = rng.random() > 0.04
        person = Person(
            staff_id,
            user_id,
            service_index,
            job,
            manager and manager.staff_id,
            manager and manager.user_id,
            start,
            active,
        )
        staff_rows.append(
            (staff_id, user_id, services[service_index][0], job.title, person.manager_staff_id, start, active)
        )
        people.append(person)
        return person

    for index, size in enumerate(per_service):
        region = services[index][1]
        manager = hire(index, SERVICE_MANAGER, None)
        leaders = [hire(index, TEAM_LEADER, manager) for _ in range(max(1, size // TEAM_SIZE))]
        coordinators = max(2, size // 60)
        for _ in range(coordinators):
            hire(index, COORDINATOR, manager)
        hire(index, PARTICIPATION, manager)
        for number in range(max(0, size - len(leaders) - coordinators - 2)):
            job = rng.choices(TEAM_JOBS, weights)[0]
            extra = ()
            if region not in first_in_region:
                extra = (R.NETWORK_COORDINATOR, R.NETWORK_MEMBER)
            elif rng.random() < 0.08:
                extra = (R.NETWORK_MEMBER,)
            person = hire(index, job, leaders[number % len(leaders)], extra_kinds=extra)
            if extra and region not in first_in_region:
                first_in_region.add(region)
                network_coordinators[region] = person.user_id
            elif extra:
                network_members.append((region, person.user_id))
    run.writer.write(
        StaffProfile,
        ["id", "user_id", "service_id", "job_title", "line_manager_id", "start_date", "active"],
        staff_rows,
    )
    staff_rows.clear()

    regions = sorted({region for _, region, _ in services})
    commissioners = [accounts.add((R.COMMISSIONER,), run.day(400, oldest))[0] for _ in range(len(regions) + 1)]
    editors = [accounts.add((R.CONTENT_EDITOR,), run.day(400, oldest))[0] for _ in range(2)]
    administrators = [accounts.add((R.ADMINISTRATOR,), run.day(400, oldest))[0]]
    run.made.update(
        services=services,
        people=people,
        accounts=accounts,
        network_coordinators=network_coordinators,
        network_members=network_members,
        commissioners=commissioners,
        editors=editors,
        administrators=administrators,
    )
    progress.finish()
