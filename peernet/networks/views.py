"""Pages for regional peer networks: finding and joining one, its home, meetings, visits and updates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from peernet.networks import calendar, selectors, services
from peernet.networks.forms import (
    CalendarLinkForm,
    DecisionForm,
    InterviewPackForm,
    InterviewQuestionForm,
    JoinForm,
    MeetingForm,
    PackDetailsForm,
    PackQuestionsForm,
    SubscribeForm,
    VisitForm,
    published_role_profiles,
)
from peernet.permissions import approved_membership
from workforce.common.links import absolute_url
from workforce.common.views import crumbs, may, pdf_response


def _crumbs(*items):
    return crumbs(("Peer networks", reverse("peernet:network-list")), *items)


def network_list(request):
    networks = selectors.network_list(user=request.user)
    return render(
        request,
        "peernet/networks/network_list.html",
        {
            "networks": networks,
            "crumbs": [("My home", reverse("my-home")), ("Peer networks", "")],
        },
    )


def network_detail(request, slug):
    network = selectors.network_get_for_member(user=request.user, slug=slug)
    upcoming, past = selectors.network_meetings(network=network, today=timezone.localdate())
    membership = None
    if may(request.user, "peernet.subscribe_to_calendar", network):
        membership = approved_membership(request.user, network)
    feed_url = ""
    if membership is not None and membership.calendar_token:
        feed_url = absolute_url(
            reverse("peernet:network-calendar-feed", args=[network.slug, membership.calendar_token])
        )
    return render(
        request,
        "peernet/networks/network_detail.html",
        {
            "network": network,
            "upcoming": upcoming,
            "past": past[:10],
            "members": selectors.network_members(network=network),
            "visits": selectors.network_visits(network=network)[:10],
            "can_manage": request.user.has_perm("peernet.manage_network", network),
            "pending_count": selectors.network_join_requests(network=network).count(),
            "packs": selectors.interview_packs_for(network=network)[:10],
            "can_edit_packs": may(request.user, "peernet.edit_interview_packs", network),
            "calendar_membership": membership,
            "feed_url": feed_url,
            "webcal_url": feed_url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
            "crumbs": _crumbs((network.name, "")),
        },
    )


def network_join(request, slug):
    network = selectors.network_get_public(slug=slug)
    if request.user.has_perm("peernet.open_network", network) and not request.user.is_superuser:
        return redirect("peernet:network-detail", slug=network.slug)
    pending = selectors.has_asked_to_join(user=request.user, network=network)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_request(network=network, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"You have asked to join {network.name}. A coordinator will decide.")
            return redirect("peernet:network-list")
    return render(
        request,
        "peernet/networks/network_join.html",
        {
            "network": network,
            "form": form,
            "pending": pending,
            "crumbs": _crumbs((f"Join {network.name}", "")),
        },
    )


def network_requests(request, slug):
    network = selectors.network_get_for_coordinator(user=request.user, slug=slug)
    return render(
        request,
        "peernet/networks/network_requests.html",
        {
            "network": network,
            "requests": selectors.network_join_requests(network=network),
            "form": DecisionForm(),
            "crumbs": _crumbs((network.name, reverse("peernet:network-detail", args=[slug])), ("Requests to join", "")),
        },
    )


@require_POST
def network_request_decide(request, slug, pk):
    network = selectors.network_get_for_coordinator(user=request.user, slug=slug)
    membership = get_object_or_404(selectors.network_join_requests(network=network), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        services.membership_decide(membership=membership, approve=form.approve, decided_by=request.user)
        name = membership.user.get_full_name() or membership.user.get_username()
        verdict = "is now a member" if form.approve else "will not join"
        messages.success(request, f"{name} {verdict}.")
    else:
        messages.error(request, "Choose whether to let them join.")
    return redirect("peernet:network-requests", slug=slug)


def _meeting_form(request, network, meeting=None):
    initial = None
    if meeting is not None:
        initial = {
            "title": meeting.title,
            "date": meeting.date,
            "start_time": meeting.start_time,
            "end_time": meeting.end_time,
            "host_service": meeting.host_service,
            "location": meeting.location,
            "online_url": meeting.online_url,
            "agenda": meeting.agenda,
            "notes": meeting.notes,
            "actions": meeting.actions,
            "attendees": list(meeting.attendees.all()),
        }
    form = MeetingForm(request.POST if request.method == "POST" else None, initial=initial, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(network=network, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The meeting is saved.")
            return redirect("peernet:network-meeting", slug=network.slug, pk=meeting.pk)
    title = "Change the meeting" if meeting else "Record a meeting"
    return render(
        request,
        "peernet/networks/meeting_form.html",
        {
            "network": network,
            "form": form,
            "title": title,
            "crumbs": _crumbs((network.name, reverse("peernet:network-detail", args=[network.slug])), (title, "")),
        },
    )


def meeting_create(request, slug):
    return _meeting_form(request, selectors.network_get_for_coordinator(user=request.user, slug=slug))


def meeting_edit(request, slug, pk):
    network = selectors.network_get_for_coordinator(user=request.user, slug=slug)
    meeting = selectors.network_meeting_get(user=request.user, slug=slug, pk=pk)
    return _meeting_form(request, network, meeting)


def meeting_detail(request, slug, pk):
    meeting = selectors.network_meeting_get(user=request.user, slug=slug, pk=pk)
    network = meeting.network
    return render(
        request,
        "peernet/networks/meeting_detail.html",
        {
            "meeting": meeting,
            "network": network,
            "can_manage": request.user.has_perm("peernet.manage_network", network),
            "crumbs": _crumbs((network.name, reverse("peernet:network-detail", args=[slug])), (meeting.title, "")),
        },
    )


def _calendar_response(body: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def meeting_ics(request, slug, pk):
    """One meeting as a calendar file, to open in Outlook, Google, Apple or any calendar."""
    meeting = selectors.network_meeting_get(user=request.user, slug=slug, pk=pk)
    return _calendar_response(
        calendar.calendar([meeting]), f"{meeting.network.slug}-meeting-{meeting.pk}.ics", download=True
    )


@require_POST
def network_calendar_link(request, slug):
    """A member gets a new secret calendar address (the old one stops), or stops theirs."""
    network = selectors.network_get_for_member(user=request.user, slug=slug)
    if not may(request.user, "peernet.subscribe_to_calendar", network):
        raise Http404
    membership = approved_membership(request.user, network)
    form = CalendarLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to get a new link or stop it.")
    elif form.cleaned_data["action"] == "renew":
        services.calendar_link_renew(membership=membership)
        messages.success(request, "Your calendar link is ready. Any link you had before no longer works.")
    else:
        services.calendar_link_stop(membership=membership)
        messages.success(request, "Your calendar link is stopped. Calendars that used it get no more meetings.")
    return redirect(reverse("peernet:network-detail", args=[slug]) + "#calendar")


@login_not_required
def network_calendar_feed(request, slug, token):
    """The network's meetings for a calendar app to subscribe to. The secret in the address is the key."""
    network, meetings = selectors.calendar_feed_meetings(slug=slug, token=token)
    response = _calendar_response(calendar.calendar(meetings, name=network.name), f"{network.slug}.ics", download=False)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def visit_create(request, slug):
    network = selectors.network_get_for_coordinator(user=request.user, slug=slug)
    form = VisitForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_create(network=network, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The visit is recorded.")
            return redirect("peernet:network-detail", slug=slug)
    return render(
        request,
        "peernet/networks/visit_form.html",
        {
            "network": network,
            "form": form,
            "crumbs": _crumbs((network.name, reverse("peernet:network-detail", args=[slug])), ("Record a visit", "")),
        },
    )


@login_not_required
def updates_subscribe(request, slug):
    """Anyone may ask for a network's updates; the email we send holds the link that switches them on."""
    network = selectors.network_get_public(slug=slug)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subscription_request(network=network, email=form.cleaned_data["email"])
        return render(request, "peernet/networks/updates_sent.html", {"network": network})
    return render(request, "peernet/networks/updates_subscribe.html", {"network": network, "form": form})


@login_not_required
def updates_confirm(request, token):
    try:
        subscription = services.subscription_confirm(token=token)
    except ValidationError:
        raise Http404("This link is not valid.") from None
    return render(request, "peernet/networks/updates_confirmed.html", {"subscription": subscription})


@csrf_exempt  # Mail programs send a one-click POST (RFC 8058) with no session and no form token.
@login_not_required
def updates_stop(request, token):
    """One click stops the updates: the link in every email, or the mail program's own button."""
    try:
        subscription = services.subscription_stop(token=token)
    except ValidationError:
        raise Http404("This link is not valid.") from None
    return render(request, "peernet/networks/updates_stopped.html", {"subscription": subscription})


def interview_pack(request):
    """Choose a role, see the shared questions for each competence it expects, and download them."""
    if not request.user.has_perm("peernet.build_interview_pack"):
        raise Http404
    form = InterviewPackForm(request.GET or None)
    role_profile, sections = None, []
    if form.is_valid():
        role_profile = form.cleaned_data["role_profile"]
        sections = selectors.interview_questions_for(user=request.user, role_profile=role_profile)
    return render(
        request,
        "peernet/networks/interview_pack.html",
        {
            "form": form,
            "role_profile": role_profile,
            "sections": [(expectation, questions) for expectation, questions in sections if questions],
            "without_questions": [expectation for expectation, questions in sections if not questions],
            "coordinated": selectors.networks_coordinated_for_packs(user=request.user),
            "crumbs": _crumbs(("Interview pack", "")),
        },
    )


def interview_pack_pdf(request, pk):
    if not request.user.has_perm("peernet.build_interview_pack"):
        raise Http404
    role_profile = get_object_or_404(published_role_profiles(), pk=pk)
    sections = selectors.interview_questions_for(user=request.user, role_profile=role_profile)
    return pdf_response(
        request,
        template="peernet/networks/role_questions_pdf.html",
        context={
            "role_profile": role_profile,
            "sections": sections,
            "without_questions": [expectation for expectation, questions in sections if not questions],
            "today": timezone.localdate(),
        },
        filename=f"interview-pack-{role_profile.code}.pdf",
    )


def interview_question_create(request, slug):
    network = selectors.network_get_for_member(user=request.user, slug=slug)
    form = InterviewQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        profile = getattr(request.user, "staff_profile", None)
        services.interview_question_create(
            competence=data["competence"],
            question=data["question"],
            good_answer=data["good_answer"],
            network=None if data["share_with_every_network"] else network,
            shared_by=profile.service if profile else None,
        )
        messages.success(request, "Thank you. Your question is shared.")
        return redirect("peernet:network-detail", slug=slug)
    return render(
        request,
        "peernet/networks/question_form.html",
        {
            "network": network,
            "form": form,
            "crumbs": _crumbs((network.name, reverse("peernet:network-detail", args=[slug])), ("Share a question", "")),
        },
    )


def _pack_crumbs(network, *items):
    return _crumbs((network.name, reverse("peernet:network-detail", args=[network.slug])), *items)


def _pack_details(request, network, pack=None):
    initial = PackDetailsForm.initial_for(pack) if pack else None
    form = PackDetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if pack is None:
                pack = services.interview_pack_create(network=network, created_by=request.user, **form.cleaned_data)
                messages.success(request, "The pack is made. Now choose its questions.")
                return redirect("peernet:network-pack-questions", slug=network.slug, pk=pack.pk)
            services.interview_pack_update(pack=pack, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The pack is saved.")
            return redirect("peernet:network-pack", slug=network.slug, pk=pack.pk)
    title = "Change the interview pack" if pack else "Make an interview pack"
    return render(
        request,
        "peernet/networks/pack_form.html",
        {"network": network, "form": form, "title": title, "pack": pack, "crumbs": _pack_crumbs(network, (title, ""))},
    )


def _network_for_pack_editing(request, slug):
    network = selectors.network_get_for_coordinator(user=request.user, slug=slug)
    if not may(request.user, "peernet.edit_interview_packs", network):
        raise Http404
    return network


def _network_for_pack_reading(request, slug):
    network = selectors.network_get_for_member(user=request.user, slug=slug)
    if not may(request.user, "peernet.open_interview_packs", network):
        raise Http404
    return network


def pack_create(request, slug):
    return _pack_details(request, _network_for_pack_editing(request, slug))


def pack_edit(request, slug, pk):
    network = _network_for_pack_editing(request, slug)
    return _pack_details(request, network, selectors.interview_pack_get(network=network, pk=pk))


def pack_questions(request, slug, pk):
    """Pick the pack's questions and the order to ask them in."""
    network = _network_for_pack_editing(request, slug)
    pack = selectors.interview_pack_get(network=network, pk=pk)
    sections = selectors.interview_questions_for_pack(pack=pack)
    chosen = {item.question_id: item.position for item in selectors.interview_pack_items(pack=pack)}
    # An empty POST (nothing ticked) must still be checked, so the form is bound to it.
    form = PackQuestionsForm(request.POST if request.method == "POST" else None, sections=sections, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_pack_questions_set(pack=pack, questions=form.ordered_questions)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The questions are saved in the order you gave.")
            return redirect("peernet:network-pack", slug=slug, pk=pack.pk)
    return render(
        request,
        "peernet/networks/pack_questions.html",
        {
            "network": network,
            "pack": pack,
            "form": form,
            "crumbs": _pack_crumbs(
                network,
                (pack.title, reverse("peernet:network-pack", args=[slug, pack.pk])),
                ("Choose questions", ""),
            ),
        },
    )


def _pack_context(request, slug, pk):
    network = _network_for_pack_reading(request, slug)
    pack = selectors.interview_pack_get(network=network, pk=pk)
    items = list(selectors.interview_pack_items(pack=pack))
    return {"network": network, "pack": pack, "items": items, "max_total": pack.highest_score * len(items)}


def pack_detail(request, slug, pk):
    context = _pack_context(request, slug, pk)
    network, pack = context["network"], context["pack"]
    context.update(
        can_edit=may(request.user, "peernet.edit_interview_packs", network),
        crumbs=_pack_crumbs(network, (pack.title, "")),
    )
    return render(request, "peernet/networks/pack_detail.html", context)


def pack_pdf(request, slug, pk):
    context = _pack_context(request, slug, pk)
    context["today"] = timezone.localdate()
    return pdf_response(
        request,
        template="peernet/networks/interview_pack_pdf.html",
        context=context,
        filename=f"interview-pack-{context['pack'].pk}.pdf",
    )
