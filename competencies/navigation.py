from django.urls import reverse

from workforce.navigation import Link

from . import permissions  # noqa: F401  (registers the rules)


def links(user):
    items = []
    if user.has_perm("competencies.browse_framework"):
        items.append(Link("Career framework", reverse("competencies:framework")))
    return items


def cards(user):
    items = []
    if user.has_perm("competencies.browse_framework"):
        items.append(Link("Career framework", reverse("competencies:framework"),
                          "See the roles at each career level, what each role profile expects, and what "
                          "changes from one role to the next."))
        items.append(Link("Import and export the framework", reverse("competencies:framework-exchange"),
                          "Download the framework as a spreadsheet, a Moodle file or a CASE package"
                          + (", or import a new version." if user.has_perm("competencies.import_framework") else ".")))
    return items
