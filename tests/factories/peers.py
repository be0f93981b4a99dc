import datetime

import factory

from peernet import models
from tests.factories.workforce import ServiceFactory, StaffProfileFactory
from workforce.common.dates import add_months


class PeerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Peer

    display_name = factory.Sequence(lambda n: f"Peer {n}")
    service = factory.SubFactory(ServiceFactory)
    coordinator = factory.SubFactory(
        StaffProfileFactory, service=factory.SelfAttribute("..service"), job_title="Lead peer support worker"
    )
    paid = False


def active_peer(**kwargs) -> models.Peer:
    """A peer who started ``months_ago`` months ago with every check done, at the active stage."""
    months_ago = kwargs.pop("months_ago", 2)
    today = datetime.date.today()
    start = add_months(today, -months_ago)
    peer = PeerFactory(stage=models.Stage.ACTIVE, start_date=start, **kwargs)
    if not peer.paid:
        peer.planned_end_date = add_months(start, peer.service.volunteer_max_months)
        peer.save()
    models.StageChange.objects.create(
        peer=peer, stage=models.Stage.ACTIVE, entered_on=start, expected_by=add_months(start, 12)
    )
    for kind, count in models.Check.REQUIRED.items():
        for _ in range(count):
            models.Check.objects.create(peer=peer, kind=kind, completed_on=start - datetime.timedelta(days=30))
    return peer
