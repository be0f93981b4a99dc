from django.urls import reverse

from cms.navigation import menu_links
from workforce.navigation import Link


def navigation(request):
    """The header menu for whoever is asking: only what they can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu_links": []}
    if not getattr(user, "is_verified", lambda: False)():
        # Between the password and the second step: every link would only lead back to the second step.
        return {"menu_links": []}
    items = [Link("My home", reverse("my-home")), *menu_links(user)]
    path = request.path
    return {
        "menu_links": [
            {
                "label": item.label,
                "url": item.url,
                "current": path == item.url,
                "active": item.url != "/" and path.startswith(item.url) and path != item.url,
            }
            for item in items
        ]
    }
