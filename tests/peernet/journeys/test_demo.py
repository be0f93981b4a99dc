from peernet.journeys.demo import load as load_journeys
from peernet.models import Peer, Stage
from workforce.people.demo import load as load_people


def test_demo_journeys_load_twice_without_duplicates(db):
    load_people()
    load_journeys()
    count = Peer.objects.count()
    load_journeys()
    assert Peer.objects.count() == count
    assert Peer.objects.get(user__email="alex.green@example.org").stage == Stage.ACTIVE
    assert Peer.objects.get(user__email="chris.hall@example.org").paid
    assert Peer.objects.get(user__email="jamie.fox@example.org").stage == Stage.CHECKS
    assert Peer.objects.filter(stage=Stage.ENDED).count() >= 4
