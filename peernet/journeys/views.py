"""Pages for peer journeys: the coordinator's dashboard and peer records, the peer's own journey, and
outcome figures. A record the user may not see answers 404; one they may see but not change answers 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from peernet.journeys import forms, selectors, services
from peernet.models import ActivityLog, CaseAllocation, Extension, Peer, Stage, SupportAlert
from workforce.common.forms import add_service_errors
from workforce.common.views import crumbs, may, require


def _peer_or_404(request, pk: int) -> Peer:
    peer = selectors.peer_record(user=request.user, pk=pk)
    if peer is None:
        raise Http404("No peer record here.")
    return peer


def _crumbs(peer: Peer | None = None, *rest):
    trail = [("Peers", reverse("peernet:peer_dashboard"))]
    if peer is not None:
        trail.append((peer.display_name, reverse("peernet:peer_detail", args=[peer.pk])))
    return crumbs(*trail, *rest)


def _peer_action(request, pk, *, form_class, title, submit, perform, success, form_kwargs=None, intro="", find=None):
    """A coordinator's form about one peer: show it, hand what it parsed to a service, go back to the record.

    With ``find``, the form corrects one of the peer's records: ``find(peer)`` fetches it (404 if it is not
    this peer's), the form starts from it, and ``perform`` is given the record instead of the peer."""
    peer = _peer_or_404(request, pk)
    require(request.user, "peernet.manage_peer", peer)
    kwargs = form_kwargs(peer) if form_kwargs else {}
    target = peer
    if find is not None:
        target = find(peer)
        kwargs["instance"] = target
    form = form_class(request.POST or None, **kwargs)
    differences = None
    if request.method == "POST" and form.is_valid():
        try:
            perform(target, form.cleaned_data)
        except services.EditConflictError as error:
            differences = _refused_as_changed(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success.format(name=peer.display_name))
            return redirect("peernet:peer_detail", pk=peer.pk)
    return render(
        request,
        "peernet/journeys/peer_form.html",
        {
            "peer": peer,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "differences": differences,
            "crumbs": _crumbs(peer, (title, request.path)),
        },
    )


def _refused_as_changed(form, error):
    """Someone else saved first: say so at the top, keep what this person typed, and carry the new revision
    so saving again is a deliberate choice to replace what the other person saved."""
    add_service_errors(form, error)
    form.set_revision(error.revision)
    return error.differences


# --- The coordinator ------------------------------------------------------------------------------------------


def peer_dashboard(request):
    require(request.user, "peernet.view_peer_dashboard")
    today = timezone.localdate()
    peers = list(selectors.dashboard_peers(user=request.user))
    journeys = [selectors.journey(peer, today) for peer in peers]
    current = [item for item in journeys if item.peer.stage != Stage.ENDED]
    return render(
        request,
        "peernet/journeys/dashboard.html",
        {
            "current": current,
            "ended": [item for item in journeys if item.peer.stage == Stage.ENDED],
            "support_alerts": [(item.peer, alert) for item in journeys for alert in item.support_alerts],
            "overdue": [item for item in journeys if item.overdue],
            "hours_waiting": [item.peer for item in current if item.peer.hours_waiting],
            "extensions": selectors.extensions_waiting(user=request.user),
            "expiring": [(item.peer, alert) for item in current for alert in item.check_alerts],
            "chart": selectors.timeline_chart(peers=peers, on=today),
            "can_add": may(request.user, "peernet.record_new_peer"),
            "crumbs": _crumbs(),
        },
    )


def peer_create(request):
    require(request.user, "peernet.record_new_peer")
    coordinator = getattr(request.user, "staff_profile", None)
    if coordinator is None:
        raise PermissionDenied
    form = forms.PeerCreateForm(request.POST or None, coordinator=coordinator)
    if request.method == "POST" and form.is_valid():
        try:
            peer = services.peer_create(
                service=coordinator.service, coordinator=coordinator, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{peer.display_name} is added at the enquiry stage.")
            return redirect("peernet:peer_detail", pk=peer.pk)
    return render(
        request,
        "peernet/journeys/peer_form.html",
        {
            "form": form,
            "title": "Add a peer",
            "submit": "Add peer",
            "intro": "Start a record when someone first asks about peer support. Record only what you need: "
            "no offence details and no life history.",
            "crumbs": _crumbs(None, ("Add a peer", request.path)),
        },
    )


def peer_detail(request, pk: int):
    peer = _peer_or_404(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "peernet/journeys/peer_detail.html",
        {
            "peer": peer,
            "journey": selectors.journey(peer, today),
            "can_manage": may(request.user, "peernet.manage_peer", peer),
            "can_see_supervision": may(request.user, "peernet.read_supervision_notes", peer),
            "can_decide_extension": may(request.user, "peernet.decide_extension", peer),
            "can_see_alerts": may(request.user, "peernet.see_support_alerts", peer),
            "can_close_alerts": may(request.user, "peernet.close_support_alert", peer),
            "history": list(reversed(peer.stage_changes.all())),
            "today": today,
            "crumbs": _crumbs(peer)[:-1] + [(peer.display_name, request.path)],
        },
    )


def peer_stage(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.MoveStageForm,
        title="Move to another stage",
        submit="Move stage",
        form_kwargs=lambda peer: {"peer": peer},
        success="{name} has moved stage.",
        intro="A peer can only become active once their DBS check, two references and right to work check "
        "are done and in date.",
        perform=lambda peer, data: services.peer_move_stage(peer=peer, by=request.user, **data),
    )


def peer_assign(request, pk: int):
    peer = _peer_or_404(request, pk)
    require(request.user, "peernet.manage_peer", peer)
    form = forms.AssignForm(request.POST or None, peer=peer)
    differences = None
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_assign(peer=peer, **form.cleaned_data)
        except services.EditConflictError as error:
            differences = _refused_as_changed(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{peer.display_name}'s coordinators are changed.")
            # Someone who has handed a peer on may no longer see their record.
            if may(request.user, "peernet.view_peer_record", peer):
                return redirect("peernet:peer_detail", pk=peer.pk)
            return redirect("peernet:peer_dashboard")
    return render(
        request,
        "peernet/journeys/peer_form.html",
        {
            "peer": peer,
            "form": form,
            "title": "Change coordinator or cover",
            "submit": "Save",
            "intro": "Both see this peer's record and supervision notes.",
            "differences": differences,
            "crumbs": _crumbs(peer, ("Change coordinator or cover", request.path)),
        },
    )


def check_add(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.CheckForm,
        title="Record a check",
        submit="Save check",
        success="The check for {name} is saved.",
        perform=lambda peer, data: services.check_record(peer=peer, by=request.user, **data),
    )


def supervision_add(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.SupervisionForm,
        title="Record supervision",
        submit="Save supervision",
        success="Supervision with {name} is saved.",
        perform=lambda peer, data: services.supervision_record(
            peer=peer, supervisor=request.user.staff_profile, **data
        ),
    )


def check_edit(request, pk: int, check_pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.CheckCorrectForm,
        title="Correct a check",
        submit="Save changes",
        success="The check for {name} is corrected.",
        find=lambda peer: get_object_or_404(peer.checks, pk=check_pk),
        perform=lambda check, data: services.check_correct(check=check, by=request.user, **data),
    )


def supervision_edit(request, pk: int, supervision_pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.SupervisionCorrectForm,
        title="Correct a supervision record",
        submit="Save changes",
        success="The supervision record for {name} is corrected.",
        find=lambda peer: get_object_or_404(peer.supervisions, pk=supervision_pk),
        perform=lambda supervision, data: services.supervision_correct(supervision=supervision, **data),
    )


def allocation_add(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.AllocationForm,
        title="Allocate a case",
        submit="Allocate case",
        form_kwargs=lambda peer: {"peer": peer},
        success="The case is allocated to {name}.",
        intro="Use the case reference only, never the name of the person supported.",
        perform=lambda peer, data: services.case_allocate(peer=peer, by=request.user, **data),
    )


def allocation_edit(request, pk: int, allocation_pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.AllocationChangeForm,
        title="Change a case",
        submit="Save changes",
        form_kwargs=lambda peer: {"peer": peer},
        success="The case is changed.",
        intro="Put right a mistake, or close the case on the day it closed. The case history keeps what changed.",
        find=lambda peer: get_object_or_404(peer.allocations, pk=allocation_pk),
        perform=lambda allocation, data: services.case_change(allocation=allocation, by=request.user, **data),
    )


def support_alert_close(request, pk: int, alert_pk: int):
    """Record what was done for a peer who needed extra support; that closes the alert."""
    peer = _peer_or_404(request, pk)
    require(request.user, "peernet.close_support_alert", peer)
    alert = get_object_or_404(SupportAlert.objects.open(), peer=peer, pk=alert_pk)
    form = forms.SupportAlertCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_alert_close(alert=alert, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The support alert for {peer.display_name} is closed.")
            return redirect("peernet:peer_detail", pk=peer.pk)
    title = "Record what was done"
    return render(
        request,
        "peernet/journeys/peer_form.html",
        {
            "peer": peer,
            "form": form,
            "title": title,
            "submit": "Save and close the alert",
            "intro": f"{peer.display_name} needed extra support now, seen on {alert.reported_on:%-d %B %Y}. "
            "Say what was done and when. The alert closes and the record keeps who closed it.",
            "crumbs": _crumbs(peer, (title, request.path)),
        },
    )


def milestone_add(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.MilestoneForm,
        title="Record a review or move-on plan",
        submit="Save",
        form_kwargs=lambda peer: {"choices": selectors.milestone_choices(peer)},
        success="The milestone for {name} is saved.",
        perform=lambda peer, data: services.milestone_record(peer=peer, by=request.user, **data),
    )


def training_add(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.TrainingForm,
        title="Record training",
        submit="Save training",
        success="The training for {name} is saved.",
        perform=lambda peer, data: services.training_record(peer=peer, **data),
    )


def training_edit(request, pk: int, training_pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.TrainingForm,
        title="Change training",
        submit="Save changes",
        success="The training for {name} is updated.",
        find=lambda peer: get_object_or_404(peer.training, pk=training_pk),
        perform=lambda record, data: services.training_correct(record=record, **data),
    )


def extension_request(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.ExtensionForm,
        title="Ask to extend past the planned end",
        submit="Send to the service manager",
        success="The extension for {name} is waiting for the service manager.",
        intro="A volunteer can stay past their planned end only with a reason and the service manager's approval.",
        perform=lambda peer, data: services.extension_request(peer=peer, by=request.user, **data),
    )


def peer_end(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.EndForm,
        title="End the journey",
        submit="End the journey",
        form_kwargs=lambda peer: {"initial": {"revision": peer.revision}},
        success="{name}'s journey has ended. Remember the follow-ups at 3 and 6 months.",
        perform=lambda peer, data: services.peer_end(peer=peer, by=request.user, **data),
    )


def follow_up_add(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.FollowUpForm,
        title="Record a follow-up",
        submit="Save follow-up",
        success="The follow-up for {name} is saved.",
        perform=lambda peer, data: services.follow_up_record(peer=peer, by=request.user, **data),
    )


def feedback_add(request, pk: int):
    return _peer_action(
        request,
        pk,
        form_class=forms.FeedbackForm,
        title="Record feedback",
        submit="Save feedback",
        success="The feedback is saved.",
        intro="Feedback from a person supported or their family. Leave out names and anything that identifies anyone.",
        perform=lambda peer, data: services.feedback_record(peer=peer, **data),
    )


def _decide(request, pk: int, obj_pk: int, *, queryset, perm, decide):
    peer = _peer_or_404(request, pk)
    require(request.user, perm, peer)
    obj = get_object_or_404(queryset, peer=peer, pk=obj_pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to approve or not.")
    else:
        try:
            decide(obj, form.approve)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Approved." if form.approve else "Marked as not approved.")
    return redirect("peernet:peer_detail", pk=peer.pk)


@require_POST
def hours_decide(request, pk: int, log_pk: int):
    return _decide(
        request,
        pk,
        log_pk,
        queryset=ActivityLog.objects,
        perm="peernet.manage_peer",
        decide=lambda log, approve: services.hours_decide(log=log, approve=approve, by=request.user),
    )


@require_POST
def allocation_close(request, pk: int, allocation_pk: int):
    peer = _peer_or_404(request, pk)
    require(request.user, "peernet.manage_peer", peer)
    allocation = get_object_or_404(CaseAllocation, peer=peer, pk=allocation_pk)
    try:
        services.case_close(allocation=allocation, closed_on=timezone.localdate(), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Case {allocation.case_reference} is closed.")
    return redirect("peernet:peer_detail", pk=peer.pk)


@require_POST
def extension_decide(request, pk: int, extension_pk: int):
    return _decide(
        request,
        pk,
        extension_pk,
        queryset=Extension.objects.select_related("peer__service"),
        perm="peernet.decide_extension",
        decide=lambda extension, approve: services.extension_decide(
            extension=extension, approve=approve, by=request.user
        ),
    )


# --- The peer ---------------------------------------------------------------------------------------------------


def my_journey(request):
    peer = selectors.own_peer_record(user=request.user)
    if peer is None:
        raise Http404("You do not have a peer record.")
    return render(
        request,
        "peernet/journeys/my_journey.html",
        {
            "peer": peer,
            "journey": selectors.journey(peer, timezone.localdate()),
            "crumbs": [("My home", reverse("my-home")), ("My journey", request.path)],
        },
    )


def my_check_in(request):
    peer = selectors.own_peer_record(user=request.user)
    if peer is None:
        raise Http404("You do not have a peer record.")
    require(request.user, "peernet.check_in", peer)
    form = forms.CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_in = services.check_in_record(peer=peer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if check_in.wellbeing == check_in.Wellbeing.NEEDS_SUPPORT:
                messages.success(
                    request, "Thank you for telling us. Your coordinator has been told. They will contact you."
                )
            else:
                messages.success(request, "Thank you for telling us how you are.")
            return redirect("peernet:my_journey")
    return render(
        request,
        "peernet/journeys/check_in.html",
        {
            "form": form,
            "crumbs": [
                ("My home", reverse("my-home")),
                ("My journey", reverse("peernet:my_journey")),
                ("How are you?", request.path),
            ],
        },
    )


def my_hours_log(request):
    peer = selectors.own_peer_record(user=request.user)
    if peer is None:
        raise Http404("You do not have a peer record.")
    require(request.user, "peernet.log_own_hours", peer)
    form = forms.HoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_log(peer=peer, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your hours are saved. Your coordinator will approve them.")
            return redirect("peernet:my_journey")
    return render(
        request,
        "peernet/journeys/peer_form.html",
        {
            "form": form,
            "title": "Log your hours",
            "submit": "Save hours",
            "intro": "Log the time you gave. Do not write the names of people you supported.",
            "crumbs": [
                ("My home", reverse("my-home")),
                ("My journey", reverse("peernet:my_journey")),
                ("Log your hours", request.path),
            ],
        },
    )


# --- Outcomes ---------------------------------------------------------------------------------------------------


def outcomes(request):
    """Service managers see their own service in full; everyone who may see regions sees them with small
    numbers hidden. Nothing here links to a person."""
    require(request.user, "peernet.view_region_outcomes")
    regions = selectors.regions_for_outcomes(user=request.user)
    profile = getattr(request.user, "staff_profile", None)
    own = None
    if profile is not None and may(request.user, "peernet.view_service_outcomes"):
        own = selectors.service_outcomes(service=profile.service)
    national = None
    if regions.count() > 1:
        national = [item.disclosed() for item in selectors.national_outcomes()]
    return render(
        request,
        "peernet/journeys/outcomes.html",
        {
            "own": own,
            "regions": regions,
            "national": national,
            "crumbs": [("My home", reverse("my-home")), ("Peer outcomes", request.path)],
        },
    )


def region_outcomes(request, region_pk: int):
    require(request.user, "peernet.view_region_outcomes")
    region = get_object_or_404(selectors.regions_for_outcomes(user=request.user), pk=region_pk)
    total, per_service = selectors.region_outcomes(region=region)
    return render(
        request,
        "peernet/journeys/region_outcomes.html",
        {
            "region": region,
            "total_rows": [total.disclosed()],
            "per_service": [item.disclosed() for item in per_service],
            "crumbs": [
                ("My home", reverse("my-home")),
                ("Peer outcomes", reverse("peernet:peer_outcomes")),
                (region.name, request.path),
            ],
        },
    )
