"""The floor: a signed-in page that renders only the base template, for the load harness (benchmarks/load).

Every other page's time is read against this one, measured in the same run: it pays for what every
signed-in request pays (sessions, the second step, the middleware, the navigation and the base template)
and nothing more. It answers 404 unless ``LOAD_HARNESS`` is on in the environment, so a site in service
shows nothing here; when it is on, only signed-in people who have passed the second step reach it (the
sign-in and second-step middleware send everyone else away first, and the view checks again).
"""

import environ
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workforce.common.views import may

env = environ.Env()


def harness_on() -> bool:
    """Read on every request, so turning the harness off needs no restart of the code that reads it."""
    return env.bool("LOAD_HARNESS", default=False)


@require_GET
def floor(request):
    if not harness_on() or not may(request.user, "cms.view_floor"):
        raise Http404
    return render(request, "cms/floor.html")
