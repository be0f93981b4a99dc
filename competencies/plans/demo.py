"""Demo plans: the demo staff member's plan names a youth-led session still to come, so their home and plan
show an action they can sign up for.

Runs after ``competencies.assessments.demo`` (which makes the plan) and ``workforce.training.demo`` (the
sessions). Safe to run again: a plan that already names a session is left alone.
"""

import datetime

from django.db.models import F, Q
from django.utils import timezone

from competencies.models import PlanAction
from competencies.plans import services
from workforce.models import StaffProfile
from workforce.training.selectors import sessions_open_to

STAFF_EMAIL = "tom.reid@example.org"


def load() -> None:
    staff = StaffProfile.objects.select_related("user", "service").filter(user__email=STAFF_EMAIL).first()
    if staff is None:
        return
    actions = PlanAction.objects.filter(assessment__staff=staff).select_related("assessment", "competence")
    if actions.filter(session__isnull=False).exists():
        return
    action = actions.order_by("due_date", "pk").first()
    booked = staff.training_attendances.values("session_id")
    open_sessions = sessions_open_to(staff_profile=staff).exclude(pk__in=booked)
    # One with places left, so signing up in the demo gives a place rather than the waiting list.
    session = open_sessions.filter(Q(capacity__isnull=True) | Q(places__lt=F("capacity"))).first()
    if action is None or session is None:
        print("No plan action or session to come for the demo staff member, so no plan names a session.")
        return
    session_day = timezone.localdate(session.starts_at)
    services.plan_action_update(
        action=action,
        by=staff.user,
        competence=action.competence,
        action_text=f"Go to the youth-led session \u201c{session.title}\u201d and talk it over in supervision.",
        due_date=max(action.due_date, session_day + datetime.timedelta(days=14)),
        session=session,
        link="",
    )
