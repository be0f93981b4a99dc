"""Every page a peer or a young expert can open reads at grade 6 or below (Flesch–Kincaid, the NHS.UK target
for these readers), scored on the rendered page as they see it.

The route table says which pages each kind may open, so a new page they can reach is scored here without
anyone adding it. Pages that need records to say much are scored again, with records, in their own tests
(``tests/peernet/journeys/test_readability.py``, ``tests/workforce/training/test_readability.py``).
"""

import pytest
from django.urls import reverse

from tests.readability import page_grade
from tests.test_url_permissions import ADMIN_KEYS, TABLE
from tests.url_table import OK

READERS = ("peer_worker", "young_expert")
TARGET = 6
# The framework's reference pages show the national framework's own wording (competence titles, descriptions,
# what each level asks) as it was published; rewording it here would change what people are assessed on.
# Their headings, buttons and hints are ours and are written plainly, but the page is mostly the framework.
FRAMEWORK_WORDING = {
    "competencies:framework-search",
    "competencies:framework-ladder",
    "competencies:framework-compare",
    "competencies:framework-profile",
    "competencies:framework-version",
    "competencies:framework-versions",
    "competencies:framework-version-profile",
    "competencies:framework-exchange",
}


def _pages():
    for name, cases in sorted(TABLE.items()):
        if name in ADMIN_KEYS or name in FRAMEWORK_WORDING:
            continue
        for index, route in enumerate(cases):
            for kind in READERS:
                if route.method == "get" and route.expected(kind) == OK:
                    yield pytest.param(name, index, kind, id=f"{name}-{index}-{kind}")


PAGES = list(_pages())


def test_the_readers_reach_pages_to_score():
    # A table that gave these kinds nothing would make the test below pass by scoring nothing.
    assert len(PAGES) > 30
    assert {"peernet:my_journey", "workforce:training-my-involvement", "my-home"} <= {page.values[0] for page in PAGES}


@pytest.mark.parametrize(("name", "index", "kind"), PAGES)
def test_page_reads_at_grade_six_or_below(name, index, kind, world, client):
    route = TABLE[name][index]
    url = route.path or reverse(name, kwargs=route.kwargs(world) if route.kwargs else {})
    client.force_login(world.user(kind))
    response = client.get(url)
    assert response.status_code == OK
    if "text/html" not in response.get("Content-Type", ""):
        pytest.skip(f"{url} is not a page: {response['Content-Type']}")
    grade = page_grade(response.content.decode())
    assert grade <= TARGET, f"{url} reads at grade {grade:.1f} for a {kind}"
