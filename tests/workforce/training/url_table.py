"""Youth-led training: the participation lead's pages, staff members' own places, young experts' own pages.

The world's young expert has an account but delivered none of these sessions, so a session's certificate and
feedback answer 404 for them; delivering and certificates are tested in tests/workforce/training/test_views.py.
"""

import datetime

from django.utils import timezone

from tests.factories.training import AttendanceFactory, YoungExpertFactory, YouthSessionFactory
from tests.url_table import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Route
from tests.world import SERVICE_KINDS
from workforce.training.services import you_said_we_did_save

NOT_STAFF = {
    "commissioner": FORBIDDEN,
    "content_editor": FORBIDDEN,
    "administrator": FORBIDDEN,
    "young_expert": FORBIDDEN,
}


def lead_only(**options):
    return Route(
        expect={"anonymous": REDIRECT, "participation_lead": OK, "administrator": OK}, default=FORBIDDEN, **options
    )


def upcoming(world):
    return world.once(
        "upcoming session", lambda: YouthSessionFactory(service=world.service, region=world.region, capacity=50)
    )


def past(world):
    return world.once(
        "past session",
        lambda: YouthSessionFactory(
            service=world.service, region=world.region, starts_at=timezone.now() - datetime.timedelta(days=100)
        ),
    )


def other_region_session(world):
    return world.once(
        "other session", lambda: YouthSessionFactory(service=world.other_service, region=world.other_region)
    )


def attended(world):
    return world.once(
        "attended",
        lambda: AttendanceFactory(
            session=past(world),
            attendee=world.profile("staff_member"),
            status="attended",
            follow_up_sent_at=timezone.now(),
        ),
    )


def signed_up(world):
    return world.once(
        "signed up", lambda: AttendanceFactory(session=upcoming(world), attendee=world.profile("staff_member"))
    )


def expert(world):
    return world.once("expert", YoungExpertFactory)


def own_attendance(kwargs, **options):
    """The staff member's own place: theirs to use; other staff get 404; people without a place 403."""
    return Route(
        expect={
            "anonymous": REDIRECT,
            "staff_member": options.pop("own", OK),
            **dict.fromkeys(SERVICE_KINDS - {"staff_member"}, NOT_FOUND),
            **NOT_STAFF,
        },
        kwargs=kwargs,
        **options,
    )


ROUTES = {
    "workforce:training": Route(expect={"anonymous": REDIRECT, **NOT_STAFF}, default=OK),
    "workforce:training-sign-up": [
        Route(
            expect={"anonymous": REDIRECT, **NOT_STAFF},
            default=REDIRECT,
            method="post",
            kwargs=lambda world: {"pk": upcoming(world).pk},
            label="own region",
        ),
        Route(
            expect={"anonymous": REDIRECT, **NOT_STAFF},
            default=NOT_FOUND,
            method="post",
            kwargs=lambda world: {"pk": other_region_session(world).pk},
            label="another region",
        ),
    ],
    "workforce:training-cancel": own_attendance(lambda world: {"pk": signed_up(world).pk}, method="post", own=REDIRECT),
    # The service turns down taking a place that was never offered; the page says so and goes back.
    "workforce:training-accept-offer": own_attendance(
        lambda world: {"pk": signed_up(world).pk}, method="post", own=REDIRECT
    ),
    "workforce:training-feedback": own_attendance(lambda world: {"pk": attended(world).pk}),
    "workforce:training-follow-up": own_attendance(lambda world: {"pk": attended(world).pk}),
    "workforce:training-young-experts": lead_only(),
    "workforce:training-young-expert-add": lead_only(),
    "workforce:training-young-expert": lead_only(kwargs=lambda world: {"pk": expert(world).pk}),
    "workforce:training-young-expert-edit": lead_only(kwargs=lambda world: {"pk": expert(world).pk}),
    "workforce:training-young-expert-forget": lead_only(kwargs=lambda world: {"pk": expert(world).pk}),
    "workforce:training-involvement-add": lead_only(kwargs=lambda world: {"pk": expert(world).pk}),
    "workforce:training-organisations": lead_only(),
    "workforce:training-sessions": lead_only(),
    "workforce:training-session-add": lead_only(),
    "workforce:training-session": lead_only(kwargs=lambda world: {"pk": past(world).pk}),
    "workforce:training-session-edit": lead_only(kwargs=lambda world: {"pk": upcoming(world).pk}),
    "workforce:training-attendance": lead_only(kwargs=lambda world: {"pk": past(world).pk}),
    "workforce:training-young-expert-feedback": lead_only(
        kwargs=lambda world: {"pk": past(world).pk, "expert_pk": past(world).young_experts.first().pk}
    ),
    "workforce:training-you-said-we-did": lead_only(),
    "workforce:training-you-said-we-did-edit": lead_only(
        kwargs=lambda world: {
            "pk": world.once(
                "record",
                lambda: you_said_we_did_save(
                    recorded_by=world.user("participation_lead"), you_said="Meet us somewhere we know"
                ),
            ).pk
        }
    ),
    "workforce:training-report": lead_only(),
    # Asked for with a form and made in the background: the lead goes to its progress page.
    "workforce:training-report-xlsx": [
        Route(
            expect={"anonymous": REDIRECT, "participation_lead": REDIRECT, "administrator": REDIRECT},
            default=FORBIDDEN,
            method="post",
            label="asked for",
        ),
        Route(
            expect={"anonymous": REDIRECT, "participation_lead": NOT_ALLOWED, "administrator": NOT_ALLOWED},
            default=FORBIDDEN,
            label="opened as a link",
        ),
    ],
    "workforce:training-my-involvement": Route(expect={"anonymous": REDIRECT, "young_expert": OK}, default=FORBIDDEN),
    "workforce:training-my-session": Route(
        expect={"anonymous": REDIRECT, "young_expert": NOT_FOUND},
        default=FORBIDDEN,
        kwargs=lambda world: {"pk": past(world).pk},
    ),
    "workforce:training-my-feedback": Route(
        expect={"anonymous": REDIRECT, "young_expert": NOT_FOUND},
        default=FORBIDDEN,
        kwargs=lambda world: {"pk": past(world).pk},
    ),
    "workforce:training-certificate": Route(
        expect={"anonymous": REDIRECT, "young_expert": NOT_FOUND},
        default=FORBIDDEN,
        kwargs=lambda world: {"pk": past(world).pk},
    ),
}
