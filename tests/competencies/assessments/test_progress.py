import pytest
from django.urls import reverse

from competencies.assessments import progress
from tests.competencies.assessments.test_charts import WORDS, _figures
from tests.factories.assessments import rate_all, sign_off, small_framework, start
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles

URL = reverse("competencies:my-progress")
# Session, user, two-step device and groups; then the person's shared assessments, their ratings and the
# newest version's scale.
PROGRESS_QUERIES = 7


@pytest.fixture
def framework(db):
    return small_framework()


def _history(world, framework, count, *, value=3):
    staff = world.profile("staff_member")
    manager = world.user("line_manager")
    made = []
    for step in range(count):
        made.append(
            sign_off(rate_all(start(staff, framework), framework, value=value), framework, manager, value=step % 5 + 1)
        )
    return made


def test_fewer_than_two_shared_assessments_explains_in_plain_english(client, world, framework):
    staff = world.profile("staff_member")
    client.force_login(staff.user)
    page = client.get(URL).content.decode()
    assert "Your progress shows here once you have shared two assessments with your manager." in page
    assert "You have not shared an assessment yet." in page

    rate_all(start(staff, framework), framework)
    page = client.get(URL).content.decode()
    assert "You have shared 1 assessment so far." in page
    assert "app-chart" not in page and "plotly" not in page


def test_a_draft_does_not_count_as_shared(client, world, framework):
    _history(world, framework, 1)
    start(world.profile("staff_member"), framework)
    client.force_login(world.user("staff_member"))
    assert "You have shared 1 assessment so far." in client.get(URL).content.decode()


def test_one_line_per_domain_of_the_agreed_rating_with_the_same_figures_in_a_table(client, world, framework):
    staff = world.profile("staff_member")
    first = sign_off(
        rate_all(start(staff, framework), framework, value=2), framework, world.user("line_manager"), value=3
    )
    # Not reviewed yet: the person's own ratings count, as on the results page.
    rate_all(start(staff, framework), framework, value=4, C01=5)
    client.force_login(staff.user)

    response = client.get(URL)
    page = response.content.decode()

    figure = _figures(page)["domain-trend-chart"]
    assert [(trace["name"], trace["y"]) for trace in figure["data"]] == [
        ("Domain 1", [3.0, 4.3]),
        ("Domain 2", [3.0, 4.0]),
    ]
    assert figure["layout"]["yaxis"]["ticktext"] == WORDS
    assert figure["layout"]["legend"]["orientation"] == "h"
    assert "Where your manager rated a competence, their rating counts; where they have not yet, yours does." in page
    table = page[page.index('id="domain-trend-table"') :]
    assert (
        f'<th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">{first.created_at:%-d %b %Y}</th>'
        in table
    )
    assert "3.0 (competent)" in table and "4.3 (proficient)" in table
    assert "1 is not yet, 2 is developing, 3 is competent, 4 is proficient, 5 is expert" in page


def test_drill_in_shows_one_competence_own_and_manager_across_framework_versions(client, world, framework):
    staff = world.profile("staff_member")
    manager = world.user("line_manager")
    sign_off(rate_all(start(staff, framework), framework, value=2), framework, manager, value=3)
    # The framework moves on: a new version where C01 keeps its code.
    newer = small_framework()
    newer.competences[0].title = "Competence 1, reworded"
    newer.competences[0].save()
    latest = rate_all(start(staff, newer), newer, value=4)
    client.force_login(staff.user)

    page = client.get(URL, {"competence": "C01"}).content.decode()

    figure = _figures(page)["competence-trend-chart"]
    assert [(trace["name"], trace["y"]) for trace in figure["data"]] == [
        ("Your rating", [2, 4]),
        ("Manager's rating", [3, None]),
    ]
    assert figure["layout"]["yaxis"]["ticktext"] == WORDS
    table = page[page.index('id="competence-trend-table"') :]
    assert "C01 Competence 1, reworded: your rating and your manager" in table
    assert table.index("Developing") < table.index("Competent") < table.index("Proficient") < table.index("Not rated")
    assert reverse("competencies:assessment-results", args=[latest.pk]) in table
    assert '<option value="C01" selected>C01 Competence 1, reworded</option>' in page


def test_a_competence_not_in_your_assessments_shows_no_drill_in(client, world, framework):
    _history(world, framework, 2)
    client.force_login(world.user("staff_member"))
    response = client.get(URL, {"competence": "NOPE"})
    assert response.status_code == 200
    assert response.context["chosen"] is None
    assert "competence-trend-chart" not in response.content.decode()
    assert response.context["form"].errors


def test_only_your_own_assessments_show(client, world, framework):
    _history(world, framework, 2)
    colleague = StaffProfileFactory(
        service=world.service, line_manager=world.profile("line_manager"), user=UserFactory(kinds=[roles.STAFF_MEMBER])
    )
    for _ in range(3):
        sign_off(rate_all(start(colleague, framework), framework), framework, world.user("line_manager"))
    client.force_login(world.user("staff_member"))
    assert len(client.get(URL).context["progress"].assessments) == 2
    client.force_login(colleague.user)
    assert len(client.get(URL).context["progress"].assessments) == 3


def test_progress_is_linked_from_the_assessments_list(client, world, framework):
    _history(world, framework, 1)
    client.force_login(world.user("staff_member"))
    assert URL in client.get(reverse("competencies:assessment-list")).content.decode()


def test_a_manager_opening_a_reports_results_gets_no_link_to_their_own_progress(client, world, framework):
    report = StaffProfileFactory(service=world.service, line_manager=world.profile("line_manager"))
    assessment = rate_all(start(report, framework), framework)
    client.force_login(world.user("line_manager"))
    page = client.get(reverse("competencies:assessment-results", args=[assessment.pk])).content.decode()
    assert URL not in page


@pytest.mark.parametrize("count", [2, 6])
def test_progress_queries_do_not_grow_with_assessments(client, world, framework, count, django_assert_num_queries):
    _history(world, framework, count)
    client.force_login(world.user("staff_member"))
    with django_assert_num_queries(PROGRESS_QUERIES):
        response = client.get(URL, {"competence": "C02"})
    assert len(response.context["progress"].assessments) == count
    assert response.context["chosen"].code == "C02"


def test_progress_of_names_each_competence_and_domain_as_the_newest_assessment_does(world, framework):
    staff = world.profile("staff_member")
    sign_off(rate_all(start(staff, framework), framework), framework, world.user("line_manager"))
    newer = small_framework()
    newer.domains[0].name = "Domain one, renamed"
    newer.domains[0].save()
    rate_all(start(staff, newer), newer)
    found = progress.progress_of(user=staff.user)
    assert [d.name for d in found.domains] == ["Domain one, renamed", "Domain 2"]
    assert [c.code for c in found.domains[0].competences] == ["C01", "C02", "C03"]
    assert found.scale[0].version_id == newer.version.pk
