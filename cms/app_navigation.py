from workforce import permissions
from workforce.navigation import Link


def links(user):
    items = []
    if user.is_authenticated:
        items.append(Link("Shared resources", "/resources/"))
    return items


def cards(user):
    items = []
    if permissions.is_content_editor(user) or permissions.is_administrator(user):
        items.append(
            Link(
                "Edit the public pages",
                "/admin/pages/",
                "Change the home page, news and other public pages in the Wagtail admin.",
            )
        )
    if user.is_authenticated:
        items.append(
            Link(
                "Shared resources",
                "/resources/",
                "Find and adopt job descriptions, interview questions, adverts, guides and podcasts.",
            )
        )
    return items
