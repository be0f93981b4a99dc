from dataclasses import dataclass

import rules
from django.urls import reverse

from workforce import permissions


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    description: str = ""


def links(user) -> list[Link]:
    items = []
    items += _training_links(user)
    return items


def cards(user) -> list[Link]:
    items = []
    if rules.has_perm("workforce.import_staff", user):
        items.append(
            Link(
                "Import staff",
                reverse("workforce:staff-import"),
                "Add or update staff from a spreadsheet, with a preview before anything is saved.",
            )
        )
    if permissions.is_administrator(user):
        items.append(
            Link(
                "Manage regions, services and staff",
                "/admin/",
                "Edit regions, services and staff profiles in the admin.",
            )
        )
    items += _training_cards(user)
    if rules.has_perm("workforce.view_audit_trail", user):
        items.append(
            Link(
                "Audit trail",
                reverse("workforce:audit-trail"),
                "Who changed or opened a record, and when. Search by person or record, and export.",
            )
        )
    return items


def _training_links(user) -> list[Link]:
    if rules.has_perm("workforce.manage_youth_training", user):
        return [Link("Youth-led training", "/training/sessions/")]
    if rules.has_perm("workforce.sign_up_to_training", user):
        return [Link("Training", "/training/")]
    if rules.has_perm("workforce.view_own_involvement", user):
        return [Link("My involvement", "/training/my-involvement/")]
    return []


def _training_cards(user) -> list[Link]:
    items = []
    if rules.has_perm("workforce.manage_youth_training", user):
        items += [
            Link(
                "Youth-led sessions",
                "/training/sessions/",
                "Plan sessions with young experts, take attendance and read the feedback.",
            ),
            Link(
                "Young experts",
                "/training/young-experts/",
                "The young experts you work with, their consent, and the time they give.",
            ),
            Link("You said, we did", "/training/you-said-we-did/", "What young people asked for and what changed."),
        ]
    elif rules.has_perm("workforce.list_young_experts", user):
        items.append(
            Link(
                "Your young experts",
                "/training/young-experts/",
                "The young experts your organisation supports, and the time they give.",
            )
        )
    if rules.has_perm("workforce.view_training_reports", user):
        items.append(
            Link(
                "Youth-led training report",
                "/training/report/",
                "Sessions, people reached, young experts' hours and what changed.",
            )
        )
    if rules.has_perm("workforce.sign_up_to_training", user):
        items.append(Link("Training", "/training/", "Sign up to youth-led training and tell us what you learned."))
    if rules.has_perm("workforce.view_own_involvement", user):
        items.append(
            Link(
                "My involvement",
                "/training/my-involvement/",
                "The time you have given, your feedback and your certificates.",
            )
        )
    return items
