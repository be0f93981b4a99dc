"""Network work that runs in the background through Django's task framework."""

from django.tasks import task

from peernet.networks.digest import digests_send


@task
def send_network_digests() -> dict:
    """The weekly email digest of new meetings and resources, for every confirmed subscriber."""
    return digests_send()
