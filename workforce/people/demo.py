"""Demo regions, services and people: one sign-in for every kind of user.

Loaded by ``manage.py load_demo_data`` through the same services the app uses. Safe to run again: people
are matched on email and services on name.
"""

from workforce import roles
from workforce.models import Region
from workforce.people import services

DEMO_PASSWORD = "pathways-demo-2026"
DOMAIN = "example.org"

SERVICES = [
    ("Riverside Liaison and Diversion", "Riverside Partnership NHS Foundation Trust", "Y63"),
    ("Moorland Liaison and Diversion", "Moorland Health NHS Trust", "Y63"),
    ("Harbour City Liaison and Diversion", "Harbour City Care NHS Foundation Trust", "Y62"),
]

R = roles
# (first, last, service index or None, job title, kinds, line manager's email local part)
PEOPLE = [
    ("Sam", "Okafor", 0, "Service manager", (R.SERVICE_MANAGER, R.LINE_MANAGER, R.STAFF_MEMBER), None),
    ("Priya", "Shah", 0, "Team leader", (R.LINE_MANAGER, R.STAFF_MEMBER), "sam.okafor"),
    ("Tom", "Reid", 0, "Practitioner", (R.STAFF_MEMBER,), "priya.shah"),
    ("Aisha", "Khan", 0, "Practitioner", (R.STAFF_MEMBER,), "priya.shah"),
    ("Dan", "Evans", 0, "Specialist practitioner (children and young people)", (R.STAFF_MEMBER,), "priya.shah"),
    ("Leah", "Moss", 0, "Support time recovery worker", (R.STAFF_MEMBER,), "priya.shah"),
    ("Jordan", "Blake", 0, "Lead peer support worker", (R.PEER_COORDINATOR, R.STAFF_MEMBER), "sam.okafor"),
    ("Chris", "Hall", 0, "Peer support worker", (R.PEER_WORKER, R.STAFF_MEMBER), "jordan.blake"),
    ("Alex", "Green", 0, "Peer support volunteer", (R.PEER_WORKER,), "jordan.blake"),
    ("Jamie", "Fox", 0, "Peer support volunteer", (R.PEER_WORKER,), "jordan.blake"),
    ("Robin", "Lee", 0, "Peer support volunteer", (R.PEER_WORKER,), "jordan.blake"),
    ("Morgan", "Price", 0, "Participation lead", (R.PARTICIPATION_LEAD, R.STAFF_MEMBER), "sam.okafor"),
    (
        "Kim",
        "Walsh",
        0,
        "Peer network coordinator",
        (R.NETWORK_COORDINATOR, R.NETWORK_MEMBER, R.STAFF_MEMBER),
        "sam.okafor",
    ),
    ("Ellis", "Ward", 0, "Practitioner", (R.NETWORK_MEMBER, R.STAFF_MEMBER), "priya.shah"),
    ("Ruth", "Adams", 1, "Service manager", (R.SERVICE_MANAGER, R.LINE_MANAGER, R.STAFF_MEMBER), None),
    ("Ben", "Carter", 1, "Team leader", (R.LINE_MANAGER, R.STAFF_MEMBER), "ruth.adams"),
    ("Nia", "Jones", 1, "Practitioner", (R.STAFF_MEMBER,), "ben.carter"),
    ("Omar", "Farouk", 1, "Support time recovery worker", (R.STAFF_MEMBER,), "ben.carter"),
    (
        "Beth",
        "Stone",
        1,
        "Lead peer support worker",
        (R.PEER_COORDINATOR, R.NETWORK_MEMBER, R.STAFF_MEMBER),
        "ruth.adams",
    ),
    ("Kai", "Moore", 1, "Peer support volunteer", (R.PEER_WORKER,), "beth.stone"),
    ("Grace", "Lin", 2, "Service manager", (R.SERVICE_MANAGER, R.LINE_MANAGER, R.STAFF_MEMBER), None),
    ("Zoe", "Hart", 2, "Practitioner", (R.STAFF_MEMBER,), "grace.lin"),
    (
        "Lee",
        "Dunn",
        2,
        "Peer network coordinator",
        (R.NETWORK_COORDINATOR, R.NETWORK_MEMBER, R.STAFF_MEMBER),
        "grace.lin",
    ),
    ("Rae", "Quinn", 2, "Peer support volunteer", (R.PEER_WORKER,), "lee.dunn"),
]
# People who are not on a service's staff.
OTHERS = [
    ("Helen", "Marsh", "Commissioner, NHS England", (R.COMMISSIONER,)),
    ("Paul", "Young", "Content editor", (R.CONTENT_EDITOR,)),
    ("Ada", "Admin", "Administrator", (R.ADMINISTRATOR,)),
]
# The installation's superuser: the only demo account that manages users and groups.
SUPERUSER = ("Sid", "Root")


def email_for(first: str, last: str) -> str:
    return f"{first}.{last}@{DOMAIN}".lower()


def load() -> None:
    regions = {region.code: region for region in Region.objects.all()}
    demo_services = [
        services.service_upsert(name=name, provider=provider, region=regions[code]) for name, provider, code in SERVICES
    ]
    profiles = {}
    # Managers first, so each person's line manager exists when they are saved.
    for first, last, service_index, title, kinds, manager in PEOPLE:
        profiles[f"{first}.{last}".lower()] = services.staff_upsert(
            email=email_for(first, last),
            first_name=first,
            last_name=last,
            service=demo_services[service_index],
            job_title=title,
            kinds=kinds,
            line_manager=profiles.get(manager) if manager else None,
            password=DEMO_PASSWORD,
        )
    for first, last, _title, kinds in OTHERS:
        services.user_upsert(
            email=email_for(first, last),
            first_name=first,
            last_name=last,
            kinds=kinds,
            password=DEMO_PASSWORD,
            superuser=False,
        )
    services.user_upsert(
        email=email_for(*SUPERUSER),
        first_name=SUPERUSER[0],
        last_name=SUPERUSER[1],
        password=DEMO_PASSWORD,
        superuser=True,
    )


def logins() -> list[tuple[roles.Kind, str]]:
    """One demo sign-in for each kind of user that has one, in the order the kinds are listed.

    For each kind, the demo person with the fewest other kinds (the earliest made, on a tie), so each
    sign-in shows that kind most plainly.
    """
    from django.contrib.auth import get_user_model

    kinds_by_person = {}
    rows = get_user_model().objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk")
    for email, group_name in rows.values_list("email", "groups__name"):
        kinds_by_person.setdefault(email, set()).add(group_name)
    chosen = []
    for kind in roles.KINDS:
        holders = [email for email, names in kinds_by_person.items() if kind.name in names]
        if holders:
            chosen.append((kind, min(holders, key=lambda email: len(kinds_by_person[email]))))
    return chosen
