from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from workforce.accounts import demo as sign_in_demo
from workforce.people import demo as workforce_demo

# Each part of the product loads its own demo data, in this order (later parts build on earlier ones).
LOADERS = [
    "workforce.people.demo",
    "workforce.training.demo",
    "competencies.assessments.demo",
    "peernet.journeys.demo",
    "peernet.networks.demo",
    "cms.library.demo",
    # Last: every demo account made above gets the demo authenticator app.
    "workforce.accounts.demo",
]


class Command(BaseCommand):
    help = "Load the shipped framework and the demo data (safe to run again); print one sign-in per kind of user."

    def handle(self, *args, **options):
        for name in LOADERS:
            with transaction.atomic():
                import_module(name).load()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded. Sign in at http://127.0.0.1:8000/accounts/login/"))
        self.stdout.write(f"Every demo account uses the password: {workforce_demo.DEMO_PASSWORD}")
        self.stdout.write(
            "and two-step sign-in with one authenticator key. Add it once to an authenticator app (any app that\n"
            f"makes 6-digit codes): key {sign_in_demo.demo_secret()}\n"
            f"  or open: {sign_in_demo.demo_setup_link()}\n"
            "No app to hand? `.venv/bin/python manage.py demo_sign_in_code` prints the current code."
        )
        logins = [(kind.name, email) for kind, email in workforce_demo.logins()]
        logins = import_module("peernet.journeys.demo").with_peer_sign_ins(logins)
        logins.append(("Superuser", workforce_demo.email_for(*workforce_demo.SUPERUSER)))
        width = max(len(name) for name, _ in logins)
        for name, email in logins:
            self.stdout.write(f"  {name:<{width}}  {email}")
