"""Every page costs the same number of queries however much else the database holds.

The role-by-URL table's world has one of everything; each page it opens for a kind of user is asked for
once to settle (first visits write what a later visit only reads), then counted. Then ``generate_synthetic
--scale demo`` adds three more services' worth of staff, five years of assessments, peers, youth-led
sessions, networks and resources around them, and each page is counted again, as the same person. A page
whose count changed reads something once per row of some table: a query inside a loop, or a list that is not
paged. The pages' own tests pin their counts and grow each person's own records; this one grows everything
else, over every page at once.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.test_url_permissions import ADMIN_KEYS, TABLE
from tests.url_table import OK
from tests.world import ALL_KINDS

pytestmark = pytest.mark.django_db

# Pages whose count follows what is in the database by design, each with the reason.
EXEMPT = {
    # The world's resources are private to its network, so for everyone but that network's member the list is
    # empty until the synthetic networks add public ones, and an empty list skips its two prefetches (10
    # queries, then 12). tests/cms/library/test_resources.py grows a list that is never empty.
    "library:resource-list",
}


def _pages(world):
    """(url name, url, kind) for every GET page the table says a signed-in kind opens, and the routes left
    out because their records cannot stand beside another route's in one world (each asks for a person with
    no assessment under way, say, where another has started one)."""
    pages, left_out = [], []
    for url_name, routes in sorted(TABLE.items()):
        if url_name in ADMIN_KEYS or url_name in EXEMPT:
            continue
        for route in routes:
            if route.method != "get":
                continue
            try:
                with transaction.atomic():
                    kwargs = route.kwargs(world) if route.kwargs else {}
            except ValidationError:
                left_out.append(url_name)
                continue
            url = route.path or reverse(url_name, kwargs=kwargs)
            pages += [(url_name, url, kind) for kind in ALL_KINDS if kind != "anonymous" and route.expected(kind) == OK]
    return pages, left_out


def _counts(client, world, pages):
    counts = {}
    for url_name, url, kind in pages:
        client.force_login(world.user(kind))
        reset_queries()  # the log keeps 9,000 queries at most, and generating the data fills it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == OK, (url, kind, response.status_code)
        counts[(url_name, url, kind)] = len(queries.captured_queries)
    return counts


def test_no_page_asks_more_of_the_database_when_it_holds_more(world, client):
    pages, left_out = _pages(world)
    assert len(pages) > 100, "the walk should cover the site's pages for every kind"
    assert len(left_out) < 10, left_out
    _counts(client, world, pages)  # to settle: first visits record what later ones only read
    before = _counts(client, world, pages)
    call_command("generate_synthetic", scale="demo", quiet=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = _counts(client, world, pages)
    grew = {page: (before[page], after[page]) for page in pages if after[page] != before[page]}
    assert not grew, "Query counts changed with more data:\n" + "\n".join(
        f"  {url} as {kind}: {was} -> {now}" for (_name, url, kind), (was, now) in sorted(grew.items())
    )
