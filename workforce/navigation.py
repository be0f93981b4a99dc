from dataclasses import dataclass

from django.urls import reverse

from . import permissions


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    description: str = ""


def links(user) -> list[Link]:
    return []


def cards(user) -> list[Link]:
    items = []
    if user.has_perm("workforce.import_staff"):
        items.append(
            Link("Import staff", reverse("workforce:staff-import"),
                 "Add or update staff from a spreadsheet, with a preview before anything is saved.")
        )
    if permissions.is_administrator(user):
        items.append(
            Link("Manage regions, services and staff", "/admin/",
                 "Edit regions, services and staff profiles in the admin.")
        )
    return items
