import rules
from django.urls import reverse

from workforce.navigation import Link


def links(user):
    items = []
    if rules.has_perm("competencies.start_assessment", user):
        items.append(Link("My assessments", reverse("competencies:assessment-list")))
    if rules.has_perm("competencies.view_team", user):
        items.append(Link("Team", reverse("competencies:team")))
    if rules.has_perm("competencies.browse_framework", user):
        items.append(Link("Career framework", reverse("competencies:framework")))
    return items


def cards(user):
    items = []
    if rules.has_perm("competencies.start_assessment", user):
        items.append(
            Link(
                "Assess yourself",
                reverse("competencies:assessment-list"),
                "Rate yourself against your role profile, see your gaps and plan your development.",
            )
        )
    if rules.has_perm("competencies.view_team", user):
        items.append(
            Link(
                "Review assessments",
                reverse("competencies:review-queue"),
                "Review, sign off or return your team's self-assessments.",
            )
        )
        items.append(
            Link(
                "Team competences",
                reverse("competencies:team"),
                "See your team's gaps against their role profiles and download them.",
            )
        )
    if rules.has_perm("competencies.browse_framework", user):
        items.append(
            Link(
                "Career framework",
                reverse("competencies:framework"),
                "See the roles at each career level, what each role profile expects, and what "
                "changes from one role to the next.",
            )
        )
    # Only those who bring in new versions get a card; everyone else downloads from the framework's page.
    if rules.has_perm("competencies.import_framework", user):
        items.append(
            Link(
                "Import and export the framework",
                reverse("competencies:framework-exchange"),
                "Download the framework as a spreadsheet, a Moodle file or a CASE package, or import a new version.",
            )
        )
    return items
