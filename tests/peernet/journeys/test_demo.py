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


def test_demo_shows_cover_a_paid_worker_and_a_volunteer_and_an_open_support_alert(db):
    from peernet.journeys.demo import with_peer_sign_ins
    from peernet.models import SupportAlert
    from workforce import roles

    load_people()
    load_journeys()
    riverside = Peer.objects.filter(service__name__startswith="Riverside")
    coordinators = set(riverside.values_list("coordinator__user__email", flat=True))
    assert coordinators == {"jordan.blake@example.org", "taylor.brooks@example.org"}
    assert not riverside.filter(cover_coordinator__isnull=True).exists(), "every Riverside peer has cover"
    paid, volunteer = (Peer.objects.get(user__email=f"{name}@example.org") for name in ("chris.hall", "alex.green"))
    assert paid.paid and volunteer.is_volunteer
    open_alert = SupportAlert.objects.open().get()
    assert open_alert.peer.user.email == "robin.lee@example.org"
    closed = SupportAlert.objects.get(closed_at__isnull=False)
    assert closed.peer == volunteer and closed.closed_by.email == "taylor.brooks@example.org" and closed.action

    logins = with_peer_sign_ins([("Staff member", "a@example.org"), (roles.PEER_WORKER.name, "alex.green@example.org")])
    assert logins == [
        ("Staff member", "a@example.org"),
        ("Paid peer support worker", "chris.hall@example.org"),
        ("Peer support volunteer", "alex.green@example.org"),
    ]
