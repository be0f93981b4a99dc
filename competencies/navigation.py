import rules
from django.urls import reverse

from workforce.navigation import Link

from . import permissions  # noqa: F401  (registers the assessment rules checked below)


def links(user):
    items = []
    if rules.has_perm("competencies.start_assessment", user):
        items.append(Link("My assessments", reverse("competencies:assessment-list")))
    if rules.has_perm("competencies.view_team", user):
        items.append(Link("Team", reverse("competencies:team")))
    return items


def cards(user):
    items = []
    if rules.has_perm("competencies.start_assessment", user):
        items.append(Link("Assess yourself", reverse("competencies:assessment-list"),
                          "Rate yourself against your role profile, see your gaps and plan your development."))
    if rules.has_perm("competencies.view_team", user):
        items.append(Link("Review assessments", reverse("competencies:review-queue"),
                          "Review, sign off or return your team's self-assessments."))
        items.append(Link("Team competences", reverse("competencies:team"),
                          "See your team's gaps against their role profiles and download them."))
    return items
