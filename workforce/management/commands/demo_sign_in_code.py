from django.core.management.base import BaseCommand

from workforce.accounts import demo


class Command(BaseCommand):
    help = "Print the code a demo account's authenticator app would show now (demo data only)."

    def handle(self, *args, **options):
        self.stdout.write(f"Security code for any demo account, valid for about 30 seconds: {demo.demo_code()}")
        self.stdout.write("Each code works once: if it has just been used, wait for the next one.")
