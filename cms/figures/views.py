"""The commissioner dashboard and its downloads. Who may open it is ``cms.view_figures``; which areas they
may choose is ``selectors.areas_for``, and any other area answers 404."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify

from cms.figures import export, selectors
from cms.figures.forms import FiguresForm
from workforce.common.views import crumbs, require


def _chosen(request):
    require(request.user, "cms.view_figures")
    areas = selectors.areas_for(user=request.user)
    if not areas:
        raise Http404
    form = FiguresForm(request.GET or None, areas=areas)
    form.is_valid()
    area, period = form.chosen()
    return form, area, period


def dashboard(request):
    form, area, period = _chosen(request)
    sections, worked_out_at = selectors.figures_as_at(area=area, period=period)
    query = request.GET.urlencode() if form.is_bound and not form.errors else ""
    return render(
        request,
        "cms/figures/dashboard.html",
        {
            "form": form,
            "area": area,
            "period": period,
            "sections": sections,
            "worked_out_at": worked_out_at,
            "refreshed_every": settings.FIGURES_CACHE_SECONDS // 60,
            "key": export.KEY,
            "has_chart": any(section.chart for section in sections),
            "query": query,
            "crumbs": crumbs(("Figures for commissioners", "")),
            "outcomes_url": reverse("peernet:peer_outcomes"),
        },
    )


def download(request, file_format: str):
    form, area, period = _chosen(request)
    sections, _worked_out_at = selectors.figures_as_at(area=area, period=period)
    name = f"figures-{slugify(area.name)}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}"
    make = export.csv_download if file_format == "csv" else export.xlsx_download
    return make(area=area, period=period, sections=sections, name=name)
