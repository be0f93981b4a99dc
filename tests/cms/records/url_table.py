"""Records: the review queue and subject access for service managers (own service) and administrators;
everyone else gets 404. "What we hold about you" for anyone the site holds a staff, peer or young expert
record about."""

import datetime

from cms.records.models import RecordReview
from cms.records.services import records_flag_due
from peernet.models import Peer, Stage
from tests.factories.peers import PeerFactory
from tests.url_table import NOT_FOUND, OK, REDIRECT, Route
from tests.world import SERVICE_KINDS

MANAGERS = {"anonymous": REDIRECT, "service_manager": OK, "administrator": OK}
ADMIN_ONLY = {"anonymous": REDIRECT, "administrator": OK}


def _review(world, service, key):
    def make():
        peer = PeerFactory(
            service=service,
            stage=Stage.ENDED,
            ended_on=datetime.date.today() - datetime.timedelta(days=365 * 7),
            outcome=Peer.Outcome.OTHER,
        )
        records_flag_due()
        return RecordReview.objects.get(object_id=peer.pk, kind="peer")

    return world.once(key, make)


def own_review(world):
    return {"pk": _review(world, world.service, "own review").pk}


def other_review(world):
    return {"pk": _review(world, world.other_service, "other review").pk}


def own_person(world):
    return {"kind": "staff", "pk": world.profile("staff_member").pk}


def other_person(world):
    return {"kind": "peer", "pk": world.once("other peer", lambda: PeerFactory(service=world.other_service)).pk}


def _both(kwargs_own, kwargs_other):
    return [
        Route(expect=MANAGERS, default=NOT_FOUND, kwargs=kwargs_own, label="own service's"),
        Route(expect=ADMIN_ONLY, default=NOT_FOUND, kwargs=kwargs_other, label="another service's"),
    ]


OWN = {"anonymous": REDIRECT, **dict.fromkeys(SERVICE_KINDS, OK), "young_expert": OK}

ROUTES = {
    "records:review-queue": Route(expect=MANAGERS, default=NOT_FOUND),
    "records:review-keep": _both(own_review, other_review),
    "records:review-erase": _both(own_review, other_review),
    "records:people": Route(expect=MANAGERS, default=NOT_FOUND),
    "records:person": _both(own_person, other_person),
    "records:person-download": _both(own_person, other_person),
    "records:mine": Route(expect=OWN, default=NOT_FOUND),
    "records:mine-download": Route(expect=OWN, default=NOT_FOUND),
}
