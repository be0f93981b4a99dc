"""Downloads made in the background: each person's own list, and their own files' pages and files.

The download here is the service manager's; to everyone else it does not exist.
"""

from tests.url_table import NOT_FOUND, OK, REDIRECT, Route
from workforce.downloads.tasks import download_request


def managers_download(world):
    return world.once(
        "service manager's download",
        lambda: download_request(user=world.user("service_manager"), kind="team_heatmap_xlsx", parameters={}),
    )


def only_the_asker(**options):
    return Route(expect={"anonymous": REDIRECT, "service_manager": OK}, default=NOT_FOUND, **options)


ROUTES = {
    "workforce:download-list": Route(expect={"anonymous": REDIRECT}, default=OK),
    "workforce:download-detail": only_the_asker(kwargs=lambda world: {"pk": managers_download(world).pk}),
    "workforce:download-file": only_the_asker(kwargs=lambda world: {"pk": managers_download(world).pk}),
}
