from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from workforce.accounts import demo as sign_in_demo
from workforce.people import demo as workforce_demo

# Each part of the product loads its own demo data, in this order (later parts build on earlier ones).
LOADERS = [
    "workforce.people.demo",
    "workforce.training.demo",
    "competencies.assessments.demo",
    "competencies.plans.demo",
    "peernet.journeys.demo",
    "peernet.networks.demo",
    "cms.library.demo",
    "cms.figures.demo",
    # After every record above: one old record, so the review queue has something to decide.
    "cms.records.demo",
    # Last: every demo account made above gets the demo authenticator app.
    "workforce.accounts.demo",
]

# One demo sign-in for each kind of user: named people, so the list (and the README's copy of it) stays the
# same however the demo is used, whoever is given another kind or added in the admin.
SIGN_INS = [
    ("Staff member", "tom.reid@example.org", ""),
    ("Line manager", "priya.shah@example.org", ""),
    ("Service manager", "ruth.adams@example.org", ""),
    (
        "Peer coordinator",
        "taylor.brooks@example.org",
        "Jordan Blake, jordan.blake@example.org, covers the same service",
    ),
    ("Paid peer support worker", "chris.hall@example.org", ""),
    ("Peer support volunteer", "alex.green@example.org", ""),
    ("Participation lead", "morgan.price@example.org", ""),
    ("Network coordinator", "kim.walsh@example.org", ""),
    ("Network member", "ellis.ward@example.org", ""),
    ("Commissioner", "helen.marsh@example.org", ""),
    ("Content editor", "paul.young@example.org", ""),
    ("Young expert", "jay.youth@example.org", "feedback to read; mo.youth@example.org has a session coming up"),
    ("Administrator", "ada.admin@example.org", ""),
    ("Superuser", "sid.root@example.org", ""),
]


class Command(BaseCommand):
    help = "Load the shipped framework and the demo data (safe to run again); print one sign-in per kind of user."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.WAGTAILADMIN_BASE_URL,
            help="Where the site is served, for the sign-in address printed at the end (make run passes its own).",
        )

    def handle(self, *args, site_url, **options):
        for name in LOADERS:
            with transaction.atomic():
                import_module(name).load()
        emails = [email for _kind, email, _note in SIGN_INS]
        found = set(get_user_model().objects.filter(email__in=emails, is_active=True).values_list("email", flat=True))
        missing = [email for email in emails if email not in found]
        if missing:
            self.stderr.write(
                f"These demo accounts are switched off, so they cannot sign in: {', '.join(missing)}. Switch them "
                "back on in the admin (Workforce), or start again from an empty database."
            )
        self.stdout.write(self.style.SUCCESS(f"Demo data is loaded. Sign in at {site_url.rstrip('/')}/accounts/login/"))
        self.stdout.write(f"Every demo account uses the password: {workforce_demo.DEMO_PASSWORD}")
        self.stdout.write(
            "and two-step sign-in with one authenticator key. Add it once to an authenticator app (any app that\n"
            f"makes 6-digit codes): key {sign_in_demo.demo_secret()}\n"
            f"  or open: {sign_in_demo.demo_setup_link()}\n"
            "No app to hand? `.venv/bin/python manage.py demo_sign_in_code` prints the current code."
        )
        width = max(len(kind) for kind, _email, _note in SIGN_INS)
        for kind, email, note in SIGN_INS:
            self.stdout.write(f"  {kind:<{width}}  {email}" + (f" ({note})" if note else ""))
