"""Pages for youth-led training: the participation lead's, staff members' and young experts' own."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce.common.forms import service_saved
from workforce.common.spreadsheets import XLSX_TYPE
from workforce.common.views import crumbs, pdf_response, require
from workforce.downloads.kinds import BuiltFile
from workforce.downloads.tasks import download_request
from workforce.models import TrainingAttendance, YoungExpert
from workforce.training import selectors, services
from workforce.training.export import report_workbook
from workforce.training.forms import (
    AttendanceForm,
    AttendeeFeedbackForm,
    FollowUpForm,
    InvolvementForm,
    ReportPeriodForm,
    TrainingSessionForm,
    YoungExpertFeedbackForm,
    YoungExpertForm,
    YouSaidWeDidForm,
    YouthOrganisationForm,
)
from workforce.training.hours import hours_text

# Young experts ---------------------------------------------------------------------------------------------


def young_expert_list(request):
    require(request.user, "workforce.list_young_experts")
    return render(
        request,
        "workforce/training/young_expert_list.html",
        {
            "young_experts": selectors.young_experts_visible_to(user=request.user),
            "can_manage": request.user.has_perm("workforce.manage_youth_training"),
            "crumbs": crumbs(("Young experts", "")),
        },
    )


def young_expert_detail(request, pk):
    require(request.user, "workforce.list_young_experts")
    expert = get_object_or_404(selectors.young_experts_visible_to(user=request.user), pk=pk)
    require(request.user, "workforce.view_young_expert", expert)
    return render(
        request,
        "workforce/training/young_expert_detail.html",
        {
            "expert": expert,
            "involvements": selectors.involvements_of(young_expert=expert),
            "can_manage": request.user.has_perm("workforce.manage_youth_training"),
            "crumbs": crumbs(("Young experts", reverse("workforce:training-young-experts")), (expert.display_name, "")),
        },
    )


def young_expert_edit(request, pk=None):
    require(request.user, "workforce.manage_youth_training")
    expert = get_object_or_404(YoungExpert, pk=pk) if pk else None
    form = YoungExpertForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in YoungExpertForm.Meta.fields}
        fields["user"] = form.cleaned_data["account_email"]
        saved = {}
        if service_saved(
            form, lambda: saved.setdefault("expert", services.young_expert_save(young_expert=expert, **fields))
        ):
            messages.success(request, f"{saved['expert'].display_name} is saved.")
            return redirect("workforce:training-young-expert", pk=saved["expert"].pk)
    title = f"Change {expert.display_name}" if expert else "Add a young expert"
    return render(
        request,
        "workforce/training/young_expert_form.html",
        {
            "form": form,
            "expert": expert,
            "title": title,
            "crumbs": crumbs(("Young experts", reverse("workforce:training-young-experts")), (title, "")),
        },
    )


def young_expert_forget(request, pk):
    require(request.user, "workforce.manage_youth_training")
    expert = get_object_or_404(YoungExpert.objects.active(), pk=pk)
    if request.method == "POST":
        services.young_expert_forget(young_expert=expert, by=request.user)
        messages.success(request, "Their details are removed. Their hours still count in the report.")
        return redirect("workforce:training-young-experts")
    return render(
        request,
        "workforce/training/young_expert_forget.html",
        {
            "expert": expert,
            "crumbs": crumbs(
                ("Young experts", reverse("workforce:training-young-experts")),
                (expert.display_name, reverse("workforce:training-young-expert", args=[expert.pk])),
                ("Remove their details", ""),
            ),
        },
    )


def involvement_add(request, pk):
    require(request.user, "workforce.manage_youth_training")
    expert = get_object_or_404(YoungExpert, pk=pk)
    form = InvolvementForm(request.POST or None, young_expert=expert)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(form, lambda: services.involvement_log(young_expert=expert, **form.cleaned_data))
    ):
        messages.success(request, f"The time {expert.display_name} gave is logged.")
        return redirect("workforce:training-young-expert", pk=expert.pk)
    return render(
        request,
        "workforce/training/involvement_form.html",
        {
            "form": form,
            "expert": expert,
            "crumbs": crumbs(
                ("Young experts", reverse("workforce:training-young-experts")),
                (expert.display_name, reverse("workforce:training-young-expert", args=[expert.pk])),
                ("Log time", ""),
            ),
        },
    )


def organisations(request):
    require(request.user, "workforce.manage_youth_training")
    form = YouthOrganisationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda: services.youth_organisation_create(
                name=form.cleaned_data["name"],
                region=form.cleaned_data["region"],
                contact=form.cleaned_data["contact_email"],
            ),
        )
    ):
        messages.success(request, f"{form.cleaned_data['name']} is added.")
        return redirect("workforce:training-organisations")
    return render(
        request,
        "workforce/training/organisations.html",
        {
            "form": form,
            "organisations": selectors.youth_organisations(),
            "crumbs": crumbs(("Youth organisations", "")),
        },
    )


# Sessions (participation lead) -------------------------------------------------------------------------------


def session_list(request):
    require(request.user, "workforce.manage_youth_training")
    now = timezone.now()
    sessions = list(selectors.sessions_for_lead())
    return render(
        request,
        "workforce/training/session_list.html",
        {
            "upcoming": [s for s in sessions if s.starts_at >= now][::-1],
            "past": [s for s in sessions if s.starts_at < now],
            "crumbs": crumbs(("Youth-led sessions", "")),
        },
    )


def session_edit(request, pk=None):
    require(request.user, "workforce.manage_youth_training")
    session = get_object_or_404(selectors.sessions_for_lead(), pk=pk) if pk else None
    form = TrainingSessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        fields = form.session_fields()
        young_experts, competences = fields.pop("young_experts"), fields.pop("competences")
        saved = {}
        if service_saved(
            form,
            lambda: saved.setdefault(
                "session",
                services.training_session_save(
                    session=session, young_experts=young_experts, competences=competences, **fields
                ),
            ),
        ):
            messages.success(request, f"{saved['session'].title} is saved.")
            return redirect("workforce:training-session", pk=saved["session"].pk)
    title = f"Change {session.title}" if session else "Plan a youth-led session"
    return render(
        request,
        "workforce/training/session_form.html",
        {
            "form": form,
            "session": session,
            "title": title,
            "crumbs": crumbs(("Youth-led sessions", reverse("workforce:training-sessions")), (title, "")),
        },
    )


def session_detail(request, pk):
    require(request.user, "workforce.manage_youth_training")
    session = get_object_or_404(selectors.sessions_for_lead().prefetch_related("competences"), pk=pk)
    feedback_by_expert = {f.young_expert_id: f for f in session.young_expert_feedback.all()}
    return render(
        request,
        "workforce/training/session_detail.html",
        {
            "session": session,
            "attendances": selectors.session_attendances(session=session),
            "waiting": selectors.session_waiting_list(session=session),
            "experts": [(expert, feedback_by_expert.get(expert.pk)) for expert in session.young_experts.all()],
            "started": session.starts_at <= timezone.now(),
            "crumbs": crumbs(("Youth-led sessions", reverse("workforce:training-sessions")), (session.title, "")),
        },
    )


def attendance_take(request, pk):
    require(request.user, "workforce.manage_youth_training")
    session = get_object_or_404(selectors.sessions_for_lead(), pk=pk)
    attendances = list(selectors.session_attendances(session=session))
    form = AttendanceForm(request.POST or None, attendances=attendances)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda: services.attendance_record(
                session=session, attended_ids=form.cleaned_data["attended"], walk_ins=form.cleaned_data["walk_ins"]
            ),
        )
    ):
        messages.success(request, "Attendance is saved.")
        return redirect("workforce:training-session", pk=session.pk)
    return render(
        request,
        "workforce/training/attendance_form.html",
        {
            "form": form,
            "session": session,
            "has_places": bool(attendances),
            "crumbs": crumbs(
                ("Youth-led sessions", reverse("workforce:training-sessions")),
                (session.title, reverse("workforce:training-session", args=[session.pk])),
                ("Take attendance", ""),
            ),
        },
    )


def _young_expert_feedback(request, session, expert, back_url, crumbs, *, own=False):
    """The young expert's view of a session. ``own`` when the young expert gives it themselves: the page then
    speaks to them as "you"; the participation lead, filling it in with them, reads their name instead."""
    form = YoungExpertFeedbackForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form, lambda: services.young_expert_feedback_give(session=session, young_expert=expert, **form.cleaned_data)
        )
    ):
        messages.success(
            request,
            "Thank you. Your feedback is saved." if own else f"Thank you. {expert.display_name}'s feedback is saved.",
        )
        return redirect(back_url)
    return render(
        request,
        "workforce/training/young_expert_feedback_form.html",
        {
            "form": form,
            "session": session,
            "expert": expert,
            "own": own,
            "crumbs": crumbs,
        },
    )


def young_expert_feedback(request, pk, expert_pk):
    """The participation lead records a young expert's feedback with them, for those without an account."""
    require(request.user, "workforce.manage_youth_training")
    session = get_object_or_404(selectors.sessions_for_lead(), pk=pk)
    expert = get_object_or_404(session.young_experts.all(), pk=expert_pk)
    back = reverse("workforce:training-session", args=[session.pk])
    return _young_expert_feedback(
        request,
        session,
        expert,
        back,
        crumbs(
            ("Youth-led sessions", reverse("workforce:training-sessions")),
            (session.title, back),
            (f"Feedback from {expert.display_name}", ""),
        ),
    )


def you_said_we_did(request, pk=None):
    require(request.user, "workforce.manage_youth_training")
    records = selectors.you_said_we_did_records()
    record = get_object_or_404(records, pk=pk) if pk else None
    form = YouSaidWeDidForm(request.POST or None, instance=record)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form, lambda: services.you_said_we_did_save(record=record, recorded_by=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, "The record is saved.")
        return redirect("workforce:training-you-said-we-did")
    return render(
        request,
        "workforce/training/you_said_we_did.html",
        {
            "form": form,
            "record": record,
            "records": records if record is None else [],
            "crumbs": crumbs(
                ("You said, we did", reverse("workforce:training-you-said-we-did") if record else ""),
                *([("Change a record", "")] if record else []),
            ),
        },
    )


# Reports ------------------------------------------------------------------------------------------------------


def report(request):
    require(request.user, "workforce.view_training_reports")
    form = ReportPeriodForm(request.GET or None)
    figures = selectors.report_figures(**form.period())
    return render(
        request,
        "workforce/training/report.html",
        {
            "figures": figures,
            "form": form,
            "chart": selectors.confidence_chart(rows=figures["confidence"]),
            "crumbs": crumbs(("Youth-led training report", "")),
        },
    )


def report_xlsx(request):
    """Ask for the report as a spreadsheet, made in the background; the next page shows its progress."""
    require(request.user, "workforce.view_training_reports")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    period = ReportPeriodForm(request.POST).period()
    parameters = {name: day.isoformat() for name, day in period.items() if day}
    download = download_request(user=request.user, kind="training_report_xlsx", parameters=parameters)
    return redirect("workforce:download-detail", pk=download.pk)


def report_xlsx_file(*, user, parameters: dict, progress) -> BuiltFile:
    """The report spreadsheet for the period in ``parameters`` (ISO dates), for workforce/downloads."""
    require(user, "workforce.view_training_reports")
    period = {name: datetime.date.fromisoformat(parameters[name]) for name in ("start", "end") if parameters.get(name)}
    figures = selectors.report_figures(**period)
    progress("Writing the spreadsheet.")
    return BuiltFile(report_workbook(figures), f"youth-led-training-{timezone.localdate()}.xlsx", XLSX_TYPE)


# Staff ------------------------------------------------------------------------------------------------------------


def _profile(user):
    require(user, "workforce.sign_up_to_training")
    # Administrators pass every permission check, but only people on a service's staff have a place to take.
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        raise PermissionDenied
    return profile


def staff_training(request):
    profile = _profile(request.user)
    mine = list(selectors.attendances_of(staff_profile=profile))
    taken = {attendance.session_id for attendance in mine}
    return render(
        request,
        "workforce/training/staff_training.html",
        {
            "sessions": [s for s in selectors.sessions_open_to(staff_profile=profile) if s.pk not in taken],
            "mine": mine,
            "crumbs": crumbs(("Training", "")),
        },
    )


@require_POST
def sign_up(request, pk):
    profile = _profile(request.user)
    session = get_object_or_404(selectors.sessions_open_to(staff_profile=profile), pk=pk)
    try:
        attendance = services.training_sign_up(session=session, attendee=profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if attendance.status == TrainingAttendance.Status.WAITING:
            messages.success(
                request,
                f"{session.title} is full, so you are on the waiting list. You are number "
                f"{services.waiting_position(attendance)}. We will email you if a place comes up.",
            )
        else:
            messages.success(request, f"You have a place on {session.title}.")
    return redirect("workforce:training")


def _own_attendance(request, pk) -> TrainingAttendance:
    profile = _profile(request.user)
    return get_object_or_404(selectors.attendances_of(staff_profile=profile), pk=pk)


@require_POST
def cancel_place(request, pk):
    attendance = _own_attendance(request, pk)
    was = attendance.status
    try:
        services.training_cancel_place(attendance=attendance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        title = attendance.session.title
        messages.success(
            request,
            {
                TrainingAttendance.Status.WAITING: f"You are off the waiting list for {title}.",
                TrainingAttendance.Status.OFFERED: f"You turned down the place on {title}. It goes to the next person.",
            }.get(was, f"Your place on {title} is cancelled."),
        )
    return redirect("workforce:training")


@require_POST
def accept_offer(request, pk):
    """Take a place offered from the waiting list."""
    attendance = _own_attendance(request, pk)
    require(request.user, "workforce.answer_place_offer", attendance)
    try:
        services.training_accept_offer(attendance=attendance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have a place on {attendance.session.title}.")
    return redirect("workforce:training")


def attendee_feedback(request, pk):
    attendance = _own_attendance(request, pk)
    session = attendance.session
    form = AttendeeFeedbackForm(request.POST or None, competences=session.competences.order_by("code"))
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda: services.attendee_feedback_give(
                attendance=attendance,
                learned=form.cleaned_data["learned"],
                will_do_differently=form.cleaned_data["will_do_differently"],
                confidence=form.confidence(),
            ),
        )
    ):
        messages.success(request, "Thank you. The young experts will see what you learned.")
        return redirect("workforce:training")
    if attendance.status != TrainingAttendance.Status.ATTENDED:
        state = "not_attended"
    elif hasattr(attendance, "feedback"):
        state = "given"
    else:
        state = "open"
    return render(
        request,
        "workforce/training/attendee_feedback_form.html",
        {
            "form": form,
            "attendance": attendance,
            "session": session,
            "state": state,
            "crumbs": crumbs(("Training", reverse("workforce:training")), (f"Feedback on {session.title}", "")),
        },
    )


def follow_up(request, pk):
    attendance = _own_attendance(request, pk)
    form = FollowUpForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(form, lambda: services.follow_up_answer(attendance=attendance, **form.cleaned_data))
    ):
        messages.success(request, "Thank you. Your answer is saved.")
        return redirect("workforce:training")
    opens = services.follow_up_opens(attendance.session)
    if attendance.follow_up_sent_at is None or timezone.localdate() < opens:
        state = "not_yet"
    elif hasattr(attendance, "follow_up"):
        state = "answered"
    else:
        state = "open"
    return render(
        request,
        "workforce/training/follow_up_form.html",
        {
            "form": form,
            "attendance": attendance,
            "session": attendance.session,
            "state": state,
            "opens": opens,
            "crumbs": crumbs(("Training", reverse("workforce:training")), ("What changed", "")),
        },
    )


# Young experts' own pages ----------------------------------------------------------------------------------------


def _own_expert(user) -> YoungExpert:
    require(user, "workforce.view_own_involvement")
    expert = getattr(user, "young_expert", None)
    if expert is None:
        raise PermissionDenied
    return expert


def my_involvement(request):
    expert = _own_expert(request.user)
    involvements = list(selectors.involvements_of(young_expert=expert))
    given = set(expert.feedback.values_list("session_id", flat=True))
    delivered = list(selectors.sessions_delivered_by(young_expert=expert))
    for session in delivered:
        session.hours_label = hours_text(session.hours) if session.hours else ""
    return render(
        request,
        "workforce/training/my_involvement.html",
        {
            "expert": expert,
            "involvements": involvements,
            "total_hours": hours_text(sum(item.hours for item in involvements)),
            "upcoming": selectors.sessions_to_deliver(young_expert=expert),
            "sessions": delivered,
            "given": given,
            "quotes_from": selectors.QUOTES_FROM,
            "changes": selectors.you_said_we_did_records().exclude(we_did=""),
            "crumbs": crumbs(("My involvement", "")),
        },
    )


def my_session(request, pk):
    """A session the young expert co-delivers: what is planned, and once it is held, what people said."""
    expert = _own_expert(request.user)
    session = get_object_or_404(selectors.sessions_of_young_expert(young_expert=expert), pk=pk)
    require(request.user, "workforce.view_delivered_session", session)
    held = session.starts_at <= timezone.now()
    return render(
        request,
        "workforce/training/my_session.html",
        {
            "expert": expert,
            "session": session,
            "held": held,
            "others": [other for other in session.young_experts.all() if other.pk != expert.pk],
            "feedback": selectors.delivered_session_feedback(session=session) if held else None,
            "given": held and expert.feedback.filter(session=session).exists(),
            "crumbs": crumbs(("My involvement", reverse("workforce:training-my-involvement")), (session.title, "")),
        },
    )


def my_feedback(request, pk):
    expert = _own_expert(request.user)
    session = get_object_or_404(selectors.sessions_delivered_by(young_expert=expert), pk=pk)
    back = reverse("workforce:training-my-session", args=[session.pk])
    return _young_expert_feedback(
        request,
        session,
        expert,
        back,
        crumbs(
            ("My involvement", reverse("workforce:training-my-involvement")),
            (session.title, back),
            ("Your feedback", ""),
        ),
        own=True,
    )


def certificate(request, pk):
    expert = _own_expert(request.user)
    session = get_object_or_404(selectors.sessions_delivered_by(young_expert=expert), pk=pk)
    return pdf_response(
        request,
        template="workforce/training/certificate.html",
        context={"expert": expert, "session": session, "hours": hours_text(session.hours) if session.hours else ""},
        filename=f"certificate-{session.starts_at:%Y-%m-%d}.pdf",
    )
