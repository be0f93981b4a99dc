"""The framework pages: the ladder, a role profile, a comparison and search, with pinned query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competencies.framework.services import framework_load_shipped
from competencies.models import Competence, CompetenceDomain, Expectation, RoleProfile, ScaleValue

pytestmark = pytest.mark.django_db
NOTICE = "the project's own encoding of the framework's structure"


@pytest.fixture
def version(db):
    return framework_load_shipped()[0]


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.user("peer_worker"))
    return client


def _url(name, version, **kwargs):
    return reverse(f"competencies:{name}", kwargs={"slug": version.framework.slug, **kwargs})


def test_ladder_shows_roles_by_level_and_the_encoding_notice(signed_in, version):
    response = signed_in.get(_url("framework-ladder", version))
    text = response.content.decode()
    assert NOTICE in text
    assert text.index("Level 8: Consultant") < text.index("Strategic manager") < text.index("Level 2: Support worker")
    assert "Specialisms: Children and young people, Learning disabilities, Women, Crown Courts." in text


def test_framework_home_leads_to_the_published_ladder(signed_in, version):
    response = signed_in.get(reverse("competencies:framework"))
    assert response.url == _url("framework-ladder", version)


def test_framework_home_says_when_nothing_is_published(signed_in):
    assert "No framework has been published yet" in signed_in.get(reverse("competencies:framework")).content.decode()


def test_role_profile_lists_competences_by_domain_with_expected_proficiency(signed_in, version):
    text = signed_in.get(_url("framework-profile", version, code="practitioner")).content.decode()
    assert "Screens and assesses people in custody and at court" in text
    assert "Identifying and screening in custody and court" in text
    assert "LD-ASR-02" in text and "Proficient, core" in text
    assert NOTICE in text


def test_compare_shows_what_changes_from_peer_support_worker_to_str_worker(signed_in, version):
    response = signed_in.get(
        _url("framework-compare", version), {"first": "peer-support-worker", "second": "str-worker"}
    )
    text = response.content.decode()
    assert "What changes from peer support worker to support time recovery worker" in text
    groups = response.context["groups"]
    rows = {row.competence.code: row for group in groups for row in group.rows}
    assert rows["LD-SCR-04"].change == "New"
    assert rows["LD-ENG-03"].change == "No longer expected"
    assert rows["LD-ENG-02"].change == "Same"


def test_compare_counts_the_changes_and_can_hide_what_stays_the_same(signed_in, version):
    query = {"first": "peer-support-worker", "second": "str-worker"}
    everything = signed_in.get(_url("framework-compare", version), query)
    rows = [row for group in everything.context["groups"] for row in group.rows]
    changed = [row for row in rows if row.changed]
    summary = everything.context["summary"]
    assert (summary["changes"], summary["same"]) == (len(changed), len(rows) - len(changed))
    assert 0 < len(changed) < len(rows)
    text = everything.content.decode()
    assert f"{len(changed)} competences change, {len(rows) - len(changed)} stay the same" in text
    assert text.count("app-compare--changed") == len(changed)

    only = signed_in.get(_url("framework-compare", version), {**query, "changes_only": "on"})
    shown = [row for group in only.context["groups"] for row in group.rows]
    assert [row.competence.code for row in shown] == [row.competence.code for row in changed]
    assert all(group.rows for group in only.context["groups"])
    assert "Showing only the competences that change." in only.content.decode()
    # The summary still counts the whole comparison.
    assert only.context["summary"] == summary


def test_compare_asks_for_two_different_profiles(signed_in, version):
    response = signed_in.get(_url("framework-compare", version), {"first": "practitioner", "second": "practitioner"})
    assert "Choose two different role profiles to compare." in response.content.decode()
    assert response.context["groups"] is None


def test_search_finds_competences_by_word_code_and_domain(signed_in, version):
    found = signed_in.get(_url("framework-search", version), {"q": "cuckooing"}).context["results"]
    assert [c.code for c in found] == ["LD-RSK-03"]
    found = signed_in.get(_url("framework-search", version), {"q": "ld-lea-0", "domain": "LEA"}).context["results"]
    assert len(found) == 7
    found = signed_in.get(_url("framework-search", version), {"q": "zzzz"})
    assert "No competences match" in found.content.decode()


def _grow(version, extra):
    """Add ``extra`` competences, each expected by every profile, to show page queries do not grow."""
    domain = CompetenceDomain.objects.filter(version=version).first()
    scale = ScaleValue.objects.get(version=version, label="Competent")
    start = Competence.objects.filter(version=version).count()
    made = Competence.objects.bulk_create(
        Competence(
            version=version,
            domain=domain,
            code=f"X-{start + n}",
            title=f"Extra court work {n}",
            performance="Does it.",
            knowledge="Knows it.",
        )
        for n in range(extra)
    )
    Expectation.objects.bulk_create(
        Expectation(role_profile=profile, competence=competence, proficiency=scale)
        for profile in RoleProfile.objects.filter(version=version)
        for competence in made
    )


# Each count includes the header menu's constant cost: the user's kinds, staff profile and peer record.
PAGES = [
    ("framework-ladder", {}, {}, 12),
    ("framework-profile", {"code": "str-worker"}, {}, 8),
    ("framework-compare", {}, {"first": "peer-support-worker", "second": "str-worker"}, 8),
    ("framework-search", {}, {"q": "court"}, 9),
]


@pytest.mark.parametrize(("name", "kwargs", "params", "most"), PAGES)
def test_page_query_count_is_pinned_and_does_not_grow_with_competences(
    signed_in, version, name, kwargs, params, most, django_assert_max_num_queries
):
    url = _url(name, version, **kwargs)
    with django_assert_max_num_queries(most):
        assert signed_in.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as small:
        signed_in.get(url, params)
    _grow(version, 60)
    with CaptureQueriesContext(connection) as large:
        response = signed_in.get(url, params)
    assert response.status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_role_profile_links_to_what_the_next_step_up_asks(signed_in, version):
    text = signed_in.get(_url("framework-profile", version, code="peer-support-worker")).content.decode()
    assert "What changes from peer support worker to lead peer support worker" in text
    assert "What changes from peer support worker to support time recovery worker" in text
    assert "to practitioner" not in text
