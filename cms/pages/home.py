"""The site's home page, and what "my home" shows each person who signs in."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.library.selectors import reviews_waiting_for, service_reviews
from cms.pages.blocks import ContentBlocks
from cms.pages.forms import ChosenObjectsPageForm
from competencies.assessments.selectors import assessments_needing
from competencies.plans.selectors import plan_actions_due
from peernet.journeys.selectors import journey, peers_to_check_for_attention
from workforce.common.views import may
from workforce.models import TrainingAttendance
from workforce.training.selectors import training_needing


class HomePage(Page):
    """The public front door: what L&D Pathways is, who it is for, and how to sign in.

    There is one per site; every other public page sits beneath it.
    """

    introduction = models.TextField(blank=True, help_text="One or two sentences under the title.")
    body = StreamField(ContentBlocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    template = "cms/home_page.html"
    base_form_class = ChosenObjectsPageForm


# "My home": what needs the person who signed in -----------------------------------------------------------
# Each part reads its own records (its selectors filter by who asks); this only puts them in one place, so
# cms, the top app, is the one that knows about all of them.


@dataclass(frozen=True)
class Need:
    """One thing to do, with the one link that does it."""

    text: str
    url: str
    link_text: str
    tag: str = ""


@dataclass
class NeedGroup:
    heading: str
    needs: list[Need] = field(default_factory=list)
    count: int | None = None


# The most of one kind of thing listed on home; the rest are one link away.
MOST_LISTED = 5


def _day(moment) -> str:
    day = timezone.localtime(moment) if isinstance(moment, datetime.datetime) else moment
    return f"{day.day} {day:%B %Y}"


def _assessment_needs(user, today) -> list[NeedGroup]:
    todo = assessments_needing(user=user, today=today)
    groups = []
    own = []
    if todo.returned is not None:
        said = f' Your manager said: "{todo.returned.return_message}"' if todo.returned.return_message else ""
        own.append(
            Need(
                f"Your assessment against {todo.returned.role_profile.title} was returned to you.{said}",
                reverse("competencies:assessment-detail", args=[todo.returned.pk]),
                "Look at your returned assessment",
                tag="Returned",
            )
        )
    if todo.to_continue is not None:
        own.append(
            Need(
                f"You started an assessment against {todo.to_continue.role_profile.title} on "
                f"{_day(todo.to_continue.created_at)}.",
                reverse("competencies:assessment-detail", args=[todo.to_continue.pk]),
                "Continue your assessment",
                tag="Draft",
            )
        )
    if todo.reassessment_due is not None:
        own.append(
            Need(
                f"Your last assessment was signed off on {_day(todo.reassessment_due.signed_off_at)}. "
                "It is time to assess yourself again.",
                reverse("competencies:assessment-start"),
                "Start a new assessment",
                tag="Due",
            )
        )
    if own:
        groups.append(NeedGroup("Your self-assessment", own))
    if todo.reviews_waiting:
        first = todo.first_review
        reviews = [
            Need(
                f"{first.staff.display_name} sent their assessment on {_day(first.submitted_at)}. "
                "It has waited longest.",
                reverse("competencies:assessment-review", args=[first.pk]),
                f"Review {first.staff.display_name}'s assessment",
            )
        ]
        if todo.reviews_waiting > 1:
            reviews.append(
                Need(
                    f"{todo.reviews_waiting} assessments are waiting for your review.",
                    reverse("competencies:review-queue"),
                    "See all assessments to review",
                )
            )
        groups.append(NeedGroup("Reviews waiting for you", reviews, count=todo.reviews_waiting))
    return groups


def _plan_needs(user, today) -> list[NeedGroup]:
    due = plan_actions_due(user=user, today=today, limit=MOST_LISTED)
    needs = [
        Need(
            f"{action.action} By {_day(action.due_date)}.",
            reverse("competencies:assessment-plan", args=[action.assessment_id]) + f"#action-{action.pk}",
            "Open your development plan",
            tag="Overdue" if action.due_date < today else "",
        )
        for action in due.actions
    ]
    return [NeedGroup("Plan actions due", needs, count=len(needs))] if needs else []


def _training_needs(user) -> list[NeedGroup]:
    todo = training_needing(staff_profile=getattr(user, "staff_profile", None))
    groups = []
    training = reverse("workforce:training")
    words = {
        TrainingAttendance.Status.SIGNED_UP: ("You have a place.", "See your training", ""),
        TrainingAttendance.Status.OFFERED: (
            "A place has come up and we are keeping it for you.",
            "Take or turn down the place",
            "Offered",
        ),
        TrainingAttendance.Status.WAITING: ("You are on the waiting list.", "See your training", "Waiting"),
    }
    booked = []
    for attendance in todo.booked[:MOST_LISTED]:
        said, link, tag = words[attendance.status]
        session = attendance.session
        booked.append(Need(f"{session.title}, {_day(session.starts_at)}. {said}", training, link, tag=tag))
    if booked:
        groups.append(NeedGroup("Sessions you are booked on", booked))
    answers = [
        Need(
            f"You went to {a.session.title} on {_day(a.session.starts_at)}. Tell us what you learned.",
            reverse("workforce:training-feedback", args=[a.pk]),
            f"Give feedback on {a.session.title}",
        )
        for a in todo.feedback_due[:MOST_LISTED]
    ] + [
        Need(
            f"Three months on from {a.session.title}: what has changed in your practice?",
            reverse("workforce:training-follow-up", args=[a.pk]),
            f"Tell us what changed since {a.session.title}",
        )
        for a in todo.follow_ups_due[:MOST_LISTED]
    ]
    if answers:
        groups.append(NeedGroup("Feedback and follow-ups to give", answers))
    return groups


def _peer_needs(user, today) -> list[NeedGroup]:
    needing = [
        item
        for item in (journey(peer, today) for peer in peers_to_check_for_attention(user=user, on=today))
        if item.needs_attention
    ]
    if not needing:
        return []
    needing.sort(key=lambda item: (not item.support_alerts, item.peer.display_name))
    needs = [
        Need(
            f"{item.peer.display_name}: {item.next_action}.",
            reverse("peernet:peer_detail", args=[item.peer.pk]),
            f"Open {item.peer.display_name}'s record",
            tag="Needs support now" if item.support_alerts else "Overdue",
        )
        for item in needing[:MOST_LISTED]
    ]
    if len(needing) > MOST_LISTED:
        needs.append(
            Need(f"{len(needing)} peers need attention.", reverse("peernet:peer_dashboard"), "See all your peers")
        )
    return [NeedGroup("Peers needing attention", needs, count=len(needing))]


def _sharing_needs(user) -> list[NeedGroup]:
    # Home shows each version's title and service only, so it reads those columns rather than the pages.
    groups = []
    if may(user, "cms.review_shared_resources"):
        waiting = list(
            reviews_waiting_for(user).values(
                "pk", "is_new", title=F("revision__object_str"), service=F("resource__service__name")
            )[: MOST_LISTED + 1]
        )
        needs = [
            Need(
                f"{review['title']}, from {review['service']}.",
                reverse("library:resource-review", args=[review["pk"]]),
                f"Check {review['title']}",
                tag="New" if review["is_new"] else "Changed",
            )
            for review in waiting[:MOST_LISTED]
        ]
        if len(waiting) > MOST_LISTED:
            needs.append(Need("More are waiting.", reverse("library:resource-reviews"), "See everything waiting"))
        if needs:
            count = len(waiting) if len(waiting) <= MOST_LISTED else reviews_waiting_for(user).count()
            groups.append(NeedGroup("Resources waiting for your approval", needs, count=count))
    profile = getattr(user, "staff_profile", None)
    if profile is not None and may(user, "cms.share_resource"):
        sent_back = service_reviews(profile).filter(decision="returned", submitted_by=user)
        returned = [
            Need(
                f"A coordinator sent back {review['title']}: {review['note']}",
                reverse("library:resource-edit", args=[review["resource_id"]]),
                f"Change {review['title']}",
                tag="Sent back",
            )
            for review in sent_back.values("resource_id", "note", title=F("revision__object_str"))[:MOST_LISTED]
        ]
        if returned:
            groups.append(NeedGroup("Resources sent back to you", returned))
    return groups


def what_needs_you(user, *, today: datetime.date | None = None) -> list[NeedGroup]:
    """Everything waiting for this person, from the parts they use. A kind that cannot use a part sees
    nothing from it. The number of queries is the same however much data there is."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    groups = []
    if may(user, "competencies.start_assessment") or may(user, "competencies.view_team"):
        groups += _assessment_needs(user, today)
    if may(user, "competencies.start_assessment"):
        groups += _plan_needs(user, today)
    if may(user, "workforce.sign_up_to_training") and getattr(user, "staff_profile", None) is not None:
        groups += _training_needs(user)
    if may(user, "peernet.view_peer_dashboard"):
        groups += _peer_needs(user, today)
    groups += _sharing_needs(user)
    return groups
