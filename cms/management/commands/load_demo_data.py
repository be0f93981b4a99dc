from django.core.management.base import BaseCommand
from django.db import transaction

from workforce import demo as workforce_demo


class Command(BaseCommand):
    help = "Load the demo services and people (safe to run again) and print one sign-in for each kind of user."

    def handle(self, *args, **options):
        with transaction.atomic():
            workforce_demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded. Sign in at http://127.0.0.1:8000/accounts/login/"))
        self.stdout.write(f"Every demo account uses the password: {workforce_demo.DEMO_PASSWORD}")
        width = max(len(kind.name) for kind, _ in workforce_demo.logins())
        for kind, email in workforce_demo.logins():
            self.stdout.write(f"  {kind.name:<{width}}  {email}")
