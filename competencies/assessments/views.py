"""Self-assessment pages: staff rate themselves one domain at a time; managers review, sign off and see
their team's gaps. Other people's assessments answer 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from competencies import permissions
from competencies.assessments import charts, selectors, services
from competencies.assessments import heatmap as team_heatmap
from competencies.assessments.forms import (
    DecisionForm,
    ManagerRatingForm,
    ReviewRevisionForm,
    SelfRatingForm,
    StartAssessmentForm,
    TeamFilterForm,
)
from competencies.assessments.heatmap import competence_anchor
from competencies.models import Assessment
from competencies.plans.selectors import plan_actions
from workforce.common.spreadsheets import XLSX_TYPE, table_download
from workforce.common.views import may, pdf_bytes, require
from workforce.downloads.kinds import BuiltFile
from workforce.downloads.tasks import download_request


def _crumbs(request, assessment, *more):
    """Breadcrumbs from the person's list (or the manager's queue) through this assessment to ``more``."""
    if assessment.staff.user_id == request.user.pk:
        base = [("My assessments", reverse("competencies:assessment-list"))]
    else:
        base = [("Assessments to review", reverse("competencies:review-queue"))]
    here = f"{assessment.staff.display_name}, {assessment.created_at:%d %b %Y}"
    url = reverse("competencies:assessment-detail", args=[assessment.pk]) if more else ""
    return [*base, (here, url), *more]


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def assessment_list(request):
    require(request.user, "competencies.start_assessment")
    assessments = selectors.own_assessments(user=request.user)
    return render(
        request,
        "competencies/assessments/list.html",
        {
            "assessments": assessments,
            "has_open": any(a.status in Assessment.OPEN_STATUSES for a in assessments),
            "reassessment_due": selectors.reassessment_due(staff=request.user.staff_profile),
            "crumbs": [("My assessments", "")],
        },
    )


def assessment_start(request):
    require(request.user, "competencies.start_assessment")
    profile = request.user.staff_profile
    profiles = selectors.role_profiles_to_assess_against()
    if not profiles.exists():
        messages.warning(request, "There is no published framework to assess against yet. Ask your service manager.")
        return redirect("competencies:assessment-list")
    suggested = selectors.suggested_role_profile(staff=profile, profiles=list(profiles))
    form = StartAssessmentForm(
        request.POST or None, profiles=profiles, initial={"role_profile": suggested.pk if suggested else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                staff=profile,
                role_profile=form.cleaned_data["role_profile"],
                target_profile=form.cleaned_data["target_profile"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request, "Your assessment is started. Rate each competence; you can stop and come back at any time."
            )
            return redirect("competencies:assessment-detail", pk=assessment.pk)
    return render(
        request,
        "competencies/assessments/start.html",
        {
            "form": form,
            "crumbs": [("My assessments", reverse("competencies:assessment-list")), ("Start an assessment", "")],
        },
    )


def assessment_detail(request, pk):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    progress = selectors.domain_progress(assessment)
    is_owner = assessment.staff.user_id == request.user.pk
    return render(
        request,
        "competencies/assessments/detail.html",
        {
            "assessment": assessment,
            "reassessment_due": selectors.reassessment_due(staff=assessment.staff) if is_owner else None,
            "progress": progress,
            "rated": sum(p.rated for p in progress),
            "total": sum(p.total for p in progress),
            "continue_with": next((p.domain for p in progress if not p.done), progress[0].domain if progress else None),
            "is_owner": is_owner,
            "can_edit": may(request.user, "competencies.edit_assessment", assessment),
            "can_review": may(request.user, "competencies.review_assessment", assessment),
            "history": selectors.history_of(assessment),
            "crumbs": _crumbs(request, assessment),
        },
    )


def assessment_rate(request, pk, domain_pk):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if assessment.staff.user_id != request.user.pk:
        raise Http404
    if not assessment.is_editable:
        messages.info(request, "This assessment has been submitted, so it cannot be changed unless it is returned.")
        return redirect("competencies:assessment-detail", pk=assessment.pk)
    domain = selectors.assessment_domain(assessment=assessment, domain_pk=domain_pk)
    to_fill = selectors.ratings_to_fill(assessment=assessment, domain=domain)
    scale = selectors.scale_for(assessment)
    by_value = {value.value: value for value in scale}
    data = request.POST if request.method == "POST" else None
    items = []
    for item in to_fill:
        rating = item.rating
        initial = {
            "value": rating.self_value.value if rating.self_value else None,
            "evidence": rating.evidence,
            "comment": rating.comment,
            "training": [a.pk for a in rating.training.all()],
            "revision": rating.self_revision,
        }
        form = SelfRatingForm(
            data,
            prefix=f"r{rating.pk}",
            initial=initial,
            scale=scale,
            attended=item.attended,
            title=rating.competence.title,
        )
        items.append((item, form))
    changed = None
    if request.method == "POST" and all(form.is_valid() for _, form in items):
        entries = []
        for item, form in items:
            attended = {a.pk: a for a in item.attended}
            entries.append(
                services.SelfRatingEntry(
                    rating=item.rating,
                    value=by_value.get(form.cleaned_data["value"]),
                    evidence=form.cleaned_data["evidence"],
                    comment=form.cleaned_data["comment"],
                    training=[attended[pk] for pk in form.cleaned_data.get("training", []) if pk in attended],
                    revision=form.cleaned_data["revision"],
                )
            )
        try:
            services.ratings_save_self(assessment=assessment, by=request.user, entries=entries)
        except services.RatingsChangedError as error:
            # What the person typed stays in the forms; they now carry the saved revisions, so saving again
            # is a deliberate choice to replace what was saved elsewhere.
            changed = error
            for item, form in items:
                form.set_revision(error.revisions.get(item.rating.pk, form.cleaned_data["revision"]))
        else:
            progress = selectors.domain_progress(assessment)
            rated, total = sum(p.rated for p in progress), sum(p.total for p in progress)
            messages.success(request, f"Saved. {rated} of {total} rated.")
            next_domain = _next_domain(progress, domain.pk) if "next" in request.POST else None
            if next_domain is not None:
                return redirect("competencies:assessment-rate", pk=assessment.pk, domain_pk=next_domain.pk)
            return redirect("competencies:assessment-detail", pk=assessment.pk)
    progress = selectors.domain_progress(assessment)
    return render(
        request,
        "competencies/assessments/rate.html",
        {
            "assessment": assessment,
            "domain": domain,
            "items": items,
            "scale": scale,
            "has_errors": any(form.errors for _, form in items),
            "changed": changed,
            "rated": sum(p.rated for p in progress),
            "total": sum(p.total for p in progress),
            "has_next": _next_domain(progress, domain.pk) is not None,
            "crumbs": _crumbs(request, assessment, (domain.name, "")),
        },
    )


def _next_domain(progress, current_pk):
    pks = [p.domain.pk for p in progress]
    index = pks.index(current_pk) if current_pk in pks else -1
    return progress[index + 1].domain if 0 <= index < len(pks) - 1 else None


@require_POST
def assessment_submit(request, pk):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if assessment.staff.user_id != request.user.pk:
        raise Http404
    try:
        services.assessment_submit(assessment=assessment, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "Your assessment is sent to your manager for review.")
    return redirect("competencies:assessment-detail", pk=assessment.pk)


def assessment_results(request, pk):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    results = selectors.assessment_results(assessment, evidence=False)
    history = selectors.domain_history(staff=assessment.staff, up_to=assessment)
    scale = selectors.scale_for(assessment)
    return render(
        request,
        "competencies/assessments/results.html",
        {
            "assessment": assessment,
            "results": results,
            "ratings_charts": charts.ratings_charts(results, scale=scale),
            "history": history,
            "history_chart": charts.domain_history_chart(history, scale=scale),
            "crumbs": _crumbs(request, assessment, ("Results", "")),
        },
    )


def review_queue(request):
    require(request.user, "competencies.view_team")
    return render(
        request,
        "competencies/assessments/review_queue.html",
        {
            "assessments": selectors.review_queue(user=request.user),
            "crumbs": [("Assessments to review", "")],
        },
    )


def assessment_review(request, pk):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if not permissions.manages_assessed_person(request.user, assessment):
        raise Http404
    if assessment.status != Assessment.Status.SUBMITTED:
        messages.info(request, "This assessment is not waiting for review.")
        return redirect("competencies:assessment-detail", pk=assessment.pk)
    results = selectors.assessment_results(assessment)
    scale = selectors.scale_for(assessment)
    by_value = {value.value: value for value in scale}
    data = request.POST if request.method == "POST" else None
    revision_form = ReviewRevisionForm(data, initial={"revision": assessment.review_revision})
    items = []
    for row in results.rows:
        rating = row.rating
        form = ManagerRatingForm(
            data,
            prefix=f"m{rating.pk}",
            scale=scale,
            title=rating.competence.title,
            initial={
                "value": rating.manager_value.value if rating.manager_value else "",
                "comment": rating.manager_comment,
            },
        )
        items.append((row, form))
    changed_by_other = False
    domains = {row.rating.competence.domain_id: row.rating.competence.domain for row in results.rows}
    agree = _domain_to_agree(request, domains)
    if request.method == "POST" and revision_form.is_valid() and all(form.is_valid() for _, form in items):
        entries = [
            services.ManagerRatingEntry(
                rating=row.rating, value=by_value.get(form.cleaned_data["value"]), comment=form.cleaned_data["comment"]
            )
            for row, form in items
        ]
        try:
            services.review_save(
                assessment=assessment,
                by=request.user,
                entries=entries,
                revision=revision_form.cleaned_data["revision"],
                agree_in_domain=agree.pk if agree else None,
            )
        except services.ReviewChangedError as error:
            changed_by_other = True
            messages.error(request, _error_text(error))
            # The form keeps what this manager typed; the page now shows the latest saved review beside it
            # and carries the new revision, so saving again is a deliberate choice.
            assessment.refresh_from_db(fields=["review_revision"])
            revision_form = ReviewRevisionForm(initial={"revision": assessment.review_revision})
            results = selectors.assessment_results(assessment)
            items = [(row, form) for row, (_, form) in zip(results.rows, items, strict=True)]
        else:
            if agree is None:
                messages.success(request, "Your review is saved.")
                return redirect("competencies:assessment-review", pk=assessment.pk)
            messages.success(
                request,
                f"Your review is saved. In {agree.name}, their rating is now yours wherever you had not "
                "given one. You can still change any of them.",
            )
            url = reverse("competencies:assessment-review", kwargs={"pk": assessment.pk})
            return redirect(f"{url}#domain-{agree.pk}")
    return render(
        request,
        "competencies/assessments/review.html",
        {
            "assessment": assessment,
            "items": items,
            "revision_form": revision_form,
            "results": results,
            "changed_by_other": changed_by_other,
            "decision_form": DecisionForm(),
            "disagreements": sum(1 for row in results.rows if row.rating.disagrees),
            "unrated": sum(1 for row in results.rows if row.rating.manager_value_id is None),
            "crumbs": _crumbs(request, assessment, ("Review", "")),
        },
    )


def _domain_to_agree(request, domains: dict):
    """The domain whose "agree with their ratings" button was pressed, if it is one of this assessment's."""
    if request.method != "POST":
        return None
    try:
        return domains.get(int(request.POST.get("agree_domain", "")))
    except ValueError:
        return None


@require_POST
def assessment_decision(request, pk):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if not permissions.manages_assessed_person(request.user, assessment):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to sign off or return the assessment.")
        return redirect("competencies:assessment-review", pk=assessment.pk)
    try:
        if form.cleaned_data["decision"] == DecisionForm.SIGN_OFF:
            services.assessment_sign_off(assessment=assessment, by=request.user, message=form.cleaned_data["message"])
            messages.success(request, f"You signed off {assessment.staff.display_name}'s assessment.")
        else:
            services.assessment_return(assessment=assessment, by=request.user, message=form.cleaned_data["message"])
            messages.success(request, f"You returned the assessment to {assessment.staff.display_name}.")
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("competencies:assessment-review", pk=assessment.pk)
    return redirect("competencies:review-queue")


def assessment_pdf(request, pk):
    """Asks for the appraisal record as a PDF, made in the background (workforce/downloads): laying it out
    takes half a second or more, too long to hold a server process while others wait. The form posts here
    and the person goes to its progress page. Someone else's assessment answers 404, whatever the method."""
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    download = download_request(user=request.user, kind="assessment_pdf", parameters={"pk": assessment.pk})
    return redirect("workforce:download-detail", pk=download.pk)


def assessment_pdf_file(*, user, parameters: dict, progress) -> BuiltFile:
    """The appraisal record: both ratings, what each side wrote, the plan and the sign-off, as a tagged PDF."""
    try:
        assessment = selectors.assessment_for(user=user, pk=int(parameters["pk"]))
    except Http404:
        raise PermissionDenied from None
    results = selectors.assessment_results(assessment)
    name = f"assessment-{assessment.staff.user.last_name.lower() or 'summary'}-{assessment.created_at:%Y-%m-%d}.pdf"
    # Per domain, the competences someone wrote about, so a domain with nothing written says so in one line.
    written = [
        (
            domain,
            [
                row.rating
                for row in domain.rows
                if row.rating.evidence
                or row.rating.comment
                or row.rating.manager_comment
                or row.rating.evidence_items.all()
                or row.rating.training.all()
            ],
        )
        for domain in results.domains
    ]
    progress("Laying out the PDF.")
    pdf = pdf_bytes(
        template="competencies/assessments/summary_pdf.html",
        context={
            "assessment": assessment,
            "results": results,
            "written": written,
            "actions": plan_actions(assessment),
            "history": selectors.history_of(assessment),
            "today": timezone.localdate(),
        },
    )
    return BuiltFile(pdf, name, "application/pdf")


def _team_filters(query) -> dict:
    return {name: query.get(name, "")[:100] for name in ("role_profile", "domain")}


def _team_for(user, filters: dict):
    require(user, "competencies.view_team")
    return team_heatmap.team_heatmap(
        user=user, role_profile_code=filters.get("role_profile", ""), domain_code=filters.get("domain", "")
    )


def _team(request):
    return _team_for(request.user, _team_filters(request.GET))


def team_xlsx_file(*, user, parameters: dict, progress) -> BuiltFile:
    """The heatmap spreadsheet, made in the background (workforce/downloads): a service's takes seconds."""
    heatmap = _team_for(user, parameters)
    progress(f"Writing the spreadsheet for {len(heatmap.rows)} people.")
    return BuiltFile(team_heatmap.team_export_workbook(heatmap), "team-competences.xlsx", XLSX_TYPE)


def _heatmap_cells(row, anchors: list[str]) -> str:
    # A service's table has thousands of cells; rendering each through the template engine took over a
    # second, so the cells are joined here. Safe to mark: the class and the text come from HeatCell's
    # fixed set ("app-gap--met", "Meets", "−2", ...), the address is reverse()'s output for a number, and
    # each anchor was escaped once per column by the caller.
    base = escape(reverse("competencies:assessment-results", args=[row.assessment.pk]))
    return mark_safe(  # nosec B308 B703
        "".join(
            f'<td class="nhsuk-table__cell app-gap {cell.css}"><a href="{base}#{anchor}">{cell.text}</a></td>'
            for cell, anchor in zip(row.cells, anchors, strict=True)
        )
    )


# A whole service is hundreds of people: the table shows them a page at a time (the biggest gaps and the
# downloads still count everyone), so the page stays small enough for a phone.
PEOPLE_PER_PAGE = 50


def team_view(request):
    heatmap = _team(request)
    form = TeamFilterForm(request.GET or None, role_profiles=heatmap.role_profiles, domains=heatmap.domains)
    anchors = [escape(competence_anchor(code)) for code, _title in heatmap.columns]
    page = Paginator(heatmap.rows, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "competencies/assessments/team.html",
        {
            "heatmap": heatmap,
            "form": form,
            "query": filters.urlencode(),
            "page": page,
            "rows": [(row, _heatmap_cells(row, anchors)) for row in page],
            "crumbs": [("Team competences", "")],
        },
    )


def team_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "xlsx":
        # The coloured spreadsheet is made in the background; the form posts here and is sent to its progress.
        require(request.user, "competencies.view_team")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        download = download_request(user=request.user, kind="team_heatmap_xlsx", parameters=_team_filters(request.POST))
        return redirect("workforce:download-detail", pk=download.pk)
    heatmap = _team(request)
    headers, rows = team_heatmap.team_export_rows(heatmap)
    return table_download(
        headers=headers, rows=rows, file_format=fmt, name="team-competences", sheet_title="Team competences"
    )
