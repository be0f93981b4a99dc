"""Peer journeys in the role-by-URL table. A peer's record answers only their coordinators, their service
manager and the peer; everyone else gets 404, and another service's peers answer 404 to everyone here."""

import datetime

from peernet.models import ActivityLog, CaseAllocation, Extension, Supervision, SupportAlert, TrainingRecord
from tests.factories.peers import active_peer
from tests.factories.workforce import StaffProfileFactory
from tests.url_table import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Route
from workforce.common.dates import add_months


def own_peer(world):
    def make():
        peer = active_peer(
            service=world.service,
            coordinator=world.profile("peer_coordinator"),
            user=world.user("peer_worker"),
            display_name="Own P",
        )
        _records(peer)
        return peer

    return world.once("own_peer", make)


def other_peer(world):
    def make():
        coordinator = StaffProfileFactory(service=world.other_service, job_title="Lead peer support worker")
        peer = active_peer(service=world.other_service, coordinator=coordinator, display_name="Other P")
        _records(peer)
        return peer

    return world.once("other_peer", make)


def _records(peer):
    ActivityLog.objects.create(peer=peer, worked_on=datetime.date.today(), activity="court", hours=2)
    Extension.objects.create(
        peer=peer, new_end_date=add_months(peer.planned_end_date, 2), reason="NVQ", requested_on=datetime.date.today()
    )
    CaseAllocation.objects.create(
        peer=peer, case_reference="CUS-1", setting="court", risk="low", allocated_on=datetime.date.today()
    )
    Supervision.objects.create(
        peer=peer,
        held_on=datetime.date.today(),
        supervisor=peer.coordinator,
        wellbeing="good",
        next_due_on=datetime.date.today() + datetime.timedelta(days=28),
    )
    TrainingRecord.objects.create(peer=peer, course="induction", started_on=datetime.date.today())
    SupportAlert.objects.create(peer=peer, supervision=peer.supervisions.first(), reported_on=datetime.date.today())


def _own(world):
    return {"pk": own_peer(world).pk}


def _other(world):
    return {"pk": other_peer(world).pk}


SEE_RECORD = {"anonymous": REDIRECT, "peer_coordinator": OK, "service_manager": OK, "peer_worker": OK}
MANAGE = {"anonymous": REDIRECT, "peer_coordinator": OK, "service_manager": FORBIDDEN, "peer_worker": FORBIDDEN}
OTHER_SERVICE = Route(expect={"anonymous": REDIRECT}, default=NOT_FOUND, kwargs=_other, label="other service")


def _own_record(field, related, expect=MANAGE):
    """The peer's own record's URL; the other service's record is reached through its own peer."""

    def kwargs_for(peer_of):
        return lambda world: {"pk": peer_of(world).pk, field: getattr(peer_of(world), related).first().pk}

    return [
        Route(expect=expect, default=NOT_FOUND, kwargs=kwargs_for(own_peer), label="own service"),
        Route(expect={"anonymous": REDIRECT}, default=NOT_FOUND, kwargs=kwargs_for(other_peer), label="other service"),
        Route(
            expect={kind: NOT_FOUND if status == OK else status for kind, status in expect.items()},
            default=NOT_FOUND,
            label="another peer's record",
            kwargs=lambda world: {"pk": own_peer(world).pk, field: getattr(other_peer(world), related).first().pk},
        ),
    ]


def _manage(kwargs=_own):
    return [Route(expect=MANAGE, default=NOT_FOUND, kwargs=kwargs, label="own service"), OTHER_SERVICE]


def _decide(kind, field):
    def kwargs_for(peer_of):
        def kwargs(world):
            peer = peer_of(world)
            related = {
                "log_pk": peer.activity_logs,
                "extension_pk": peer.extensions,
                "allocation_pk": peer.allocations,
            }[field]
            return {"pk": peer.pk, field: related.first().pk}

        return kwargs

    expect = {
        "anonymous": REDIRECT,
        "peer_coordinator": FORBIDDEN,
        "service_manager": FORBIDDEN,
        "peer_worker": FORBIDDEN,
        kind: REDIRECT,
    }
    data = lambda world: {"decision": "approve"}  # noqa: E731
    return [
        Route(
            expect=expect, default=NOT_FOUND, kwargs=kwargs_for(own_peer), method="post", data=data, label="own service"
        ),
        Route(
            expect={"anonymous": REDIRECT},
            default=NOT_FOUND,
            kwargs=kwargs_for(other_peer),
            method="post",
            data=data,
            label="other service",
        ),
    ]


OUTCOMES = {"anonymous": REDIRECT, "service_manager": OK, "commissioner": OK, "administrator": OK}

ROUTES = {
    "peernet:peer_dashboard": Route(
        expect={"anonymous": REDIRECT, "peer_coordinator": OK, "service_manager": OK}, default=FORBIDDEN
    ),
    "peernet:peer_create": Route(expect={"anonymous": REDIRECT, "peer_coordinator": OK}, default=FORBIDDEN),
    "peernet:peer_detail": [
        Route(expect=SEE_RECORD, default=NOT_FOUND, kwargs=_own, label="own service"),
        OTHER_SERVICE,
    ],
    "peernet:peer_stage": _manage(),
    "peernet:peer_assign": _manage(),
    "peernet:peer_check_add": _manage(),
    "peernet:peer_check_edit": _own_record("check_pk", "checks"),
    "peernet:peer_supervision_edit": _own_record("supervision_pk", "supervisions"),
    "peernet:peer_training_edit": _own_record("training_pk", "training"),
    "peernet:peer_supervision_add": _manage(),
    "peernet:peer_allocation_edit": _own_record("allocation_pk", "allocations"),
    # The peer's coordinators and their service manager close a support alert; the peer does not.
    "peernet:peer_support_alert_close": _own_record(
        "alert_pk", "support_alerts", expect={**MANAGE, "service_manager": OK}
    ),
    "peernet:peer_allocation_add": _manage(),
    "peernet:peer_milestone_add": _manage(),
    "peernet:peer_training_add": _manage(),
    "peernet:peer_extension_request": _manage(),
    "peernet:peer_end": _manage(),
    "peernet:peer_follow_up_add": _manage(),
    "peernet:peer_feedback_add": _manage(),
    "peernet:peer_hours_decide": _decide("peer_coordinator", "log_pk"),
    "peernet:peer_extension_decide": _decide("service_manager", "extension_pk"),
    "peernet:peer_allocation_close": _decide("peer_coordinator", "allocation_pk"),
    "peernet:my_journey": Route(
        expect={"anonymous": REDIRECT, "peer_worker": OK},
        default=NOT_FOUND,
        kwargs=lambda world: own_peer(world) and {},
    ),
    "peernet:my_hours_log": Route(
        expect={"anonymous": REDIRECT, "peer_worker": OK},
        default=NOT_FOUND,
        kwargs=lambda world: own_peer(world) and {},
    ),
    "peernet:my_check_in": Route(
        expect={"anonymous": REDIRECT, "peer_worker": OK},
        default=NOT_FOUND,
        kwargs=lambda world: own_peer(world) and {},
    ),
    "peernet:peer_outcomes": Route(expect=OUTCOMES, default=FORBIDDEN),
    "peernet:peer_region_outcomes": [
        Route(
            expect=OUTCOMES, default=FORBIDDEN, kwargs=lambda world: {"region_pk": world.region.pk}, label="own region"
        ),
        Route(
            expect={**OUTCOMES, "service_manager": NOT_FOUND},
            default=FORBIDDEN,
            kwargs=lambda world: {"region_pk": world.other_region.pk},
            label="other region",
        ),
    ],
}
