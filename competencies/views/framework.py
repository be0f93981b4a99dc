"""The framework for everyone signed in: the career ladder, role profiles, comparisons and search."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from .. import permissions  # noqa: F401  (registers the rules)
from ..forms.framework import CompareForm, CompetenceSearchForm
from ..selectors import framework as selectors

browse_framework = permission_required("competencies.browse_framework", raise_exception=True)


def _version(slug):
    version = selectors.current_version(framework_slug=slug)
    if version is None:
        raise Http404("This framework has no published version.")
    return version


def _crumbs(version, *pages):
    ladder = reverse("competencies:framework-ladder", kwargs={"slug": version.framework.slug})
    return [("Home", reverse("my-home")), (version.framework.name, ladder), *pages]


@browse_framework
def framework_home(request):
    version = selectors.current_version()
    if version is None:
        return render(request, "competencies/framework/none.html", {"crumbs": [("Home", reverse("my-home")),
                                                                               ("Framework", "")]})
    return redirect("competencies:framework-ladder", slug=version.framework.slug)


@browse_framework
def ladder(request, slug):
    version = _version(slug)
    return render(request, "competencies/framework/ladder.html", {
        "version": version,
        "framework": version.framework,
        "rungs": selectors.ladder(version),
        "roles": selectors.roles(version),
        "scale": selectors.scale(version),
        "others": selectors.published_versions().exclude(pk=version.pk),
        "crumbs": _crumbs(version)[:-1] + [(version.framework.name, "")],
    })


@browse_framework
def profile(request, slug, code):
    version = _version(slug)
    profiles = list(selectors.role_profiles(version))
    role_profile = next((p for p in profiles if p.code == code), None)
    if role_profile is None:
        raise Http404("No role profile has that code.")
    form = CompareForm(initial={"first": role_profile.code}, profiles=profiles)
    return render(request, "competencies/framework/profile.html", {
        "version": version,
        "framework": version.framework,
        "profile": role_profile,
        "groups": selectors.profile_expectations(role_profile),
        "form": form,
        "crumbs": _crumbs(version, (role_profile.title, "")),
    })


@browse_framework
def compare(request, slug):
    version = _version(slug)
    profiles = list(selectors.role_profiles(version))
    form = CompareForm(request.GET or None, profiles=profiles)
    first = second = groups = None
    if form.is_valid():
        by_code = {p.code: p for p in profiles}
        first, second = by_code[form.cleaned_data["first"]], by_code[form.cleaned_data["second"]]
        groups = selectors.compare_profiles(first, second)
    return render(request, "competencies/framework/compare.html", {
        "version": version,
        "framework": version.framework,
        "form": form,
        "first": first,
        "second": second,
        "groups": groups,
        "crumbs": _crumbs(version, ("Compare role profiles", "")),
    })


@browse_framework
def search(request, slug):
    version = _version(slug)
    domains = list(selectors.domains(version))
    form = CompetenceSearchForm(request.GET or None, domains=domains)
    results = None
    if form.is_valid():
        results = list(selectors.search_competences(version, query=form.cleaned_data["q"],
                                                    domain=form.cleaned_data["domain"]))
    elif not request.GET:
        results = list(selectors.search_competences(version))
    return render(request, "competencies/framework/search.html", {
        "version": version,
        "framework": version.framework,
        "form": form,
        "results": results,
        "crumbs": _crumbs(version, ("Competences", "")),
    })
