"""Links that leave the site, in emails and feeds: there is no request to build them from."""

from django.conf import settings


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
