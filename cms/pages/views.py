from django.shortcuts import render

from cms.navigation import home_cards
from cms.pages.home import what_needs_you
from workforce.roles import kinds_of


def my_home(request):
    """Where everyone lands after signing in: what needs them now, then the things they can do (and nothing
    they cannot)."""
    return render(
        request,
        "cms/my_home.html",
        {"kinds": kinds_of(request.user), "needs": what_needs_you(request.user), "cards": home_cards(request.user)},
    )
