from dataclasses import dataclass

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
    if permissions.is_administrator(user):
        items.append(
            Link("Manage regions, services and staff", "/admin/",
                 "Edit regions, services and staff profiles in the admin.")
        )
    return items
