"""``/health/`` for load balancers and uptime checks: can this instance reach its database and cache?

Open to anyone and says nothing about anyone: only whether each dependency answered. Exempt from the HTTPS
redirect (production.py), since load balancers probe instances over plain HTTP.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache() -> bool:
    # A value of its own each time, so a cache that only seems to work (a dummy one) is not taken as up, under
    # a key of its own, so instances checking a shared cache at the same moment do not read each other's.
    value = get_random_string(12)
    key = f"health-check-{value}"
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


@login_not_required
@never_cache
@require_GET
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failing"
        except Exception:
            logger.exception("Health check: the %s did not answer", name)
            results[name] = "failing"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **results}, status=200 if healthy else 503)
