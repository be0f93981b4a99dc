"""Assessments: your own, your reports' (line manager), your service's (service manager); 404 for the rest."""

from tests.factories.assessments import rate_all, sign_off, small_framework, start
from tests.factories.workforce import StaffProfileFactory
from tests.url_table import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Route

MANAGERS = {"line_manager": OK, "service_manager": OK}


def framework(world):
    return world.once("framework", small_framework)


def own_draft(world):
    return world.once("own-draft", lambda: start(world.profile("staff_member"), framework(world), target=True))


def own_history(world):
    """Two assessments the staff member has shared, so their My progress draws its charts."""

    def make():
        staff, shared = world.profile("staff_member"), framework(world)
        sign_off(rate_all(start(staff, shared), shared), shared, world.user("line_manager"))
        return rate_all(start(staff, shared), shared)

    return world.once("own-history", make)


def report_submitted(world):
    def make():
        report = StaffProfileFactory(service=world.service, line_manager=world.profile("line_manager"))
        return rate_all(start(report, framework(world)), framework(world))

    return world.once("report-submitted", make)


def other_service(world):
    def make():
        outsider = StaffProfileFactory(service=world.other_service)
        return start(outsider, framework(world))

    return world.once("other-service", make)


def own(world):
    return {"pk": own_draft(world).pk}


def theirs(world):
    return {"pk": other_service(world).pk}


def cases(own_expect, *, method="get", data=None, extra_kwargs=None, label=""):
    """The same route for your own (or your report's) assessment and for another service's."""
    extra_kwargs = extra_kwargs or (lambda world: {})
    prefix = f"{label}, " if label else ""
    return [
        Route(
            expect={"anonymous": REDIRECT, **own_expect},
            default=NOT_FOUND,
            method=method,
            data=data,
            kwargs=lambda world: {**own(world), **extra_kwargs(world)},
            label=f"{prefix}own",
        ),
        Route(
            expect={"anonymous": REDIRECT},
            default=NOT_FOUND,
            method=method,
            data=data,
            kwargs=lambda world: {**theirs(world), **extra_kwargs(world)},
            label=f"{prefix}other service",
        ),
    ]


SEEN_BY_OWNER_AND_MANAGERS = {"staff_member": OK, **MANAGERS}
# Staff members and peer workers assess themselves.
SELF_ASSESSORS = {"anonymous": REDIRECT, "staff_member": OK, "peer_worker": OK}
STAFF_ONLY = Route(expect=SELF_ASSESSORS, default=FORBIDDEN)
MANAGERS_ONLY = Route(expect={"anonymous": REDIRECT, **MANAGERS}, default=FORBIDDEN)

ROUTES = {
    "competencies:assessment-list": STAFF_ONLY,
    # Only ever your own progress, so whoever assesses themself may open it: the staff member with two shared
    # assessments sees their charts, the peer worker (who has none yet) is told what makes them appear.
    "competencies:my-progress": Route(
        expect=SELF_ASSESSORS,
        default=FORBIDDEN,
        kwargs=lambda world: own_history(world) and {},
    ),
    "competencies:assessment-start": Route(
        expect=SELF_ASSESSORS,
        default=FORBIDDEN,
        kwargs=lambda world: framework(world) and {},
    ),
    "competencies:review-queue": MANAGERS_ONLY,
    "competencies:team": MANAGERS_ONLY,
    "competencies:team-export": [
        Route(expect={"anonymous": REDIRECT, **MANAGERS}, default=FORBIDDEN, kwargs=lambda world: {"fmt": "csv"}),
        # The spreadsheet is asked for with a form and made in the background: managers go to its progress.
        Route(
            expect={"anonymous": REDIRECT, "line_manager": REDIRECT, "service_manager": REDIRECT},
            default=FORBIDDEN,
            kwargs=lambda world: {"fmt": "xlsx"},
            method="post",
            label="asked for",
        ),
        Route(
            expect={"anonymous": REDIRECT, "line_manager": NOT_ALLOWED, "service_manager": NOT_ALLOWED},
            default=FORBIDDEN,
            kwargs=lambda world: {"fmt": "xlsx"},
            label="opened as a link",
        ),
    ],
    "competencies:assessment-detail": cases(SEEN_BY_OWNER_AND_MANAGERS),
    "competencies:assessment-results": cases(SEEN_BY_OWNER_AND_MANAGERS),
    # The PDF is asked for with a form and made in the background: whoever may see the assessment goes to
    # its progress. Opened as a link it is refused, and another service's assessment answers 404 either way.
    "competencies:assessment-pdf": [
        *cases({"staff_member": REDIRECT, **dict.fromkeys(MANAGERS, REDIRECT)}, method="post", label="asked for"),
        *cases({"staff_member": NOT_ALLOWED, **dict.fromkeys(MANAGERS, NOT_ALLOWED)}, label="opened as a link"),
    ],
    "competencies:assessment-rate": cases(
        {"staff_member": OK},
        extra_kwargs=lambda world: {"domain_pk": framework(world).domains[0].pk},
    ),
    # Submitting an unfinished assessment sends its owner back with the reason.
    "competencies:assessment-submit": cases({"staff_member": REDIRECT}, method="post"),
    "competencies:assessment-review": [
        # A draft is not waiting for review: managers are sent to its summary.
        *cases({"line_manager": REDIRECT, "service_manager": REDIRECT}),
        Route(
            expect={"anonymous": REDIRECT, **MANAGERS},
            default=NOT_FOUND,
            kwargs=lambda world: {"pk": report_submitted(world).pk},
            label="report's submitted",
        ),
    ],
    "competencies:assessment-decision": cases({"line_manager": REDIRECT, "service_manager": REDIRECT}, method="post"),
}
