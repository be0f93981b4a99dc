from django.core.management.base import BaseCommand

from peernet.networks.tasks import send_network_digests


class Command(BaseCommand):
    help = "Email each network's confirmed subscribers what is new since their last digest. Run it weekly."

    def handle(self, *args, **options):
        result = send_network_digests.enqueue()
        if result.is_finished:
            sent = result.return_value
            self.stdout.write(f"Sent {sent['emails']} digest email(s) with {sent['items']} new item(s).")
        else:
            self.stdout.write(f"The digest is queued as task {result.id}.")
