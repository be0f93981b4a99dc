"""Development plan pages: the plan of one assessment, and changing, removing and finishing its actions.

The person and their managers may plan; only the person signs up to a session or uses it as evidence.
Every form posts, then redirects, so going back never repeats a change. Other people's plans answer 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from competencies.assessments.selectors import assessment_for, assessment_results
from competencies.models import Assessment
from competencies.plans import selectors, services
from competencies.plans.forms import PlanActionForm, PlanStatusForm
from workforce.common.forms import service_saved
from workforce.common.views import require
from workforce.models import TrainingAttendance

BOOKED = {
    TrainingAttendance.Status.SIGNED_UP: "You have a place",
    TrainingAttendance.Status.OFFERED: "A place is offered to you: take it on your training page",
    TrainingAttendance.Status.WAITING: "You are on the waiting list",
    TrainingAttendance.Status.ATTENDED: "You went to this session",
    TrainingAttendance.Status.ABSENT: "You did not go to this session",
}


def _plan_url(assessment: Assessment) -> str:
    return reverse("competencies:assessment-plan", args=[assessment.pk])


def _crumbs(request, assessment: Assessment, *more):
    if assessment.staff.user_id == request.user.pk:
        base = [("My assessments", reverse("competencies:assessment-list"))]
    else:
        base = [("Assessments to review", reverse("competencies:review-queue"))]
    here = (
        f"{assessment.staff.display_name}, {assessment.created_at:%d %b %Y}",
        reverse("competencies:assessment-detail", args=[assessment.pk]),
    )
    plan = ("Development plan", _plan_url(assessment) if more else "")
    return [*base, here, plan, *more]


def _assessment(request, pk) -> Assessment:
    assessment = assessment_for(user=request.user, pk=pk)
    require(request.user, "competencies.plan_assessment", assessment)
    return assessment


def _form(request, assessment, *, data=None, initial=None, keep=None):
    return PlanActionForm(
        data,
        initial=initial,
        competences=selectors.plan_competences(assessment),
        sessions=selectors.sessions_to_plan(assessment=assessment, keep=keep),
        earliest=services.earliest_due_date(assessment),
        latest=services.latest_due_date(),
    )


def _action_fields(form) -> dict:
    """What the action form says, as the plan services take it."""
    data = form.cleaned_data
    return {
        "competence": data["competence"],
        "due_date": data["due_date"],
        "session": data.get("session"),
        "link": data["link"],
    }


def assessment_plan(request, pk):
    assessment = _assessment(request, pk)
    form = _form(
        request,
        assessment,
        data=request.POST if request.method == "POST" else None,
        initial={"competence": request.GET.get("competence"), "session": request.GET.get("session")},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda: services.plan_action_create(
                assessment=assessment, by=request.user, action=form.cleaned_data["action"], **_action_fields(form)
            ),
        )
    ):
        messages.success(request, "The action is added to the plan.")
        return redirect(_plan_url(assessment))
    results = assessment_results(assessment)
    gaps = results.gaps + (results.readiness.not_yet if results.readiness else [])
    training = selectors.suggested_training(assessment=assessment, keys=[row.rating.competence.key for row in gaps])
    seen, gap_rows = set(), []
    for row in gaps:
        if row.rating.competence_id not in seen:
            seen.add(row.rating.competence_id)
            gap_rows.append((row, training.get(row.rating.competence.key, [])))
    is_owner = assessment.staff.user_id == request.user.pk
    now = timezone.now()
    actions = [
        {
            "action": action,
            "status_form": PlanStatusForm(prefix=f"a{action.pk}", initial={"status": action.status}),
            "place": BOOKED.get(action.place_status, ""),
            "can_sign_up": is_owner
            and action.session_id is not None
            and not action.is_done
            and action.place_status in (None, TrainingAttendance.Status.CANCELLED)
            and action.session.starts_at > now,
        }
        for action in selectors.plan_actions(assessment)
    ]
    return render(
        request,
        "competencies/plans/plan.html",
        {
            "assessment": assessment,
            "form": form,
            "gap_rows": gap_rows,
            "actions": actions,
            "is_owner": is_owner,
            "crumbs": _crumbs(request, assessment),
        },
    )


def plan_action_edit(request, pk, action_pk):
    assessment = _assessment(request, pk)
    action = selectors.plan_action_for(assessment=assessment, pk=action_pk)
    initial = {
        "competence": action.competence_id,
        "action": action.action,
        "due_date": action.due_date,
        "session": action.session_id,
        "link": action.link,
    }
    form = _form(
        request,
        assessment,
        data=request.POST if request.method == "POST" else None,
        initial=initial,
        keep=action.session,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda: services.plan_action_update(
                action=action, by=request.user, action_text=form.cleaned_data["action"], **_action_fields(form)
            ),
        )
    ):
        messages.success(request, "The action is changed.")
        return redirect(_plan_url(assessment))
    return render(
        request,
        "competencies/plans/action_edit.html",
        {
            "assessment": assessment,
            "action": action,
            "form": form,
            "crumbs": _crumbs(request, assessment, ("Change an action", "")),
        },
    )


def plan_action_remove(request, pk, action_pk):
    assessment = _assessment(request, pk)
    action = selectors.plan_action_for(assessment=assessment, pk=action_pk)
    if request.method == "POST":
        services.plan_action_remove(action=action, by=request.user)
        messages.success(request, "The action is removed from the plan.")
        return redirect(_plan_url(assessment))
    return render(
        request,
        "competencies/plans/action_remove.html",
        {"assessment": assessment, "action": action, "crumbs": _crumbs(request, assessment, ("Remove an action", ""))},
    )


@require_POST
def plan_action_status(request, pk, action_pk):
    assessment = _assessment(request, pk)
    action = selectors.plan_action_for(assessment=assessment, pk=action_pk)
    form = PlanStatusForm(request.POST, prefix=f"a{action.pk}")
    if form.is_valid():
        services.plan_action_set_status(action=action, by=request.user, status=form.cleaned_data["status"])
        messages.success(request, "The action's status is updated.")
    else:
        messages.error(request, "Choose planned, in progress or done.")
    return redirect(_plan_url(assessment))


@require_POST
def plan_action_sign_up(request, pk, action_pk):
    assessment = _assessment(request, pk)
    action = selectors.plan_action_for(assessment=assessment, pk=action_pk)
    require(request.user, "competencies.book_from_plan", assessment)
    try:
        attendance = services.plan_action_sign_up(action=action, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if attendance.status == TrainingAttendance.Status.WAITING:
            messages.success(
                request,
                f"{action.session.title} is full, so you are on the waiting list. "
                "We will email you if a place comes up.",
            )
        else:
            messages.success(request, f"You have a place on {action.session.title}.")
    return redirect(_plan_url(assessment))


@require_POST
def plan_action_evidence(request, pk, action_pk):
    assessment = _assessment(request, pk)
    action = selectors.plan_action_for(assessment=assessment, pk=action_pk)
    require(request.user, "competencies.book_from_plan", assessment)
    try:
        ratings = services.plan_action_use_as_evidence(action=action, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        codes = ", ".join(rating.competence.code for rating in ratings)
        messages.success(request, f"{action.session.title} is added as evidence for {codes} in your self-assessment.")
    return redirect(_plan_url(assessment))
