import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from competencies.assessments import services
from competencies.models import Assessment
from tests.factories.assessments import appraisal_pdf, rate_all, revise, sign_off, small_framework, start
from tests.factories.workforce import StaffProfileFactory, TrainingSessionFactory, UserFactory
from workforce import roles
from workforce.models import TrainingAttendance

# Opening an assessment is written to the access log (workforce.audit): one INSERT; each rating's files and
# links (competencies.evidence) are one prefetch, whatever their number. Results read the scale once more, for
# the words on the charts' rating axes.
RESULTS_QUERIES, REVIEW_QUERIES = 13, 11


@pytest.fixture
def framework(db):
    return small_framework()


def rating_data(assessment, domain, value, **extra):
    data = {}
    for rating in assessment.ratings.filter(competence__domain=domain):
        data[f"r{rating.pk}-value"] = value
        data[f"r{rating.pk}-evidence"] = f"Did {rating.competence.code}"
        data[f"r{rating.pk}-revision"] = rating.self_revision
        data.update({f"r{rating.pk}-{key}": item for key, item in extra.items()})
    return data


def test_staff_member_rates_a_domain_and_sees_progress(client, world, framework):
    staff = world.profile("staff_member")
    client.force_login(staff.user)
    response = client.post(reverse("competencies:assessment-start"), {"role_profile": framework.profile.pk})
    assessment = Assessment.objects.get(staff=staff)
    assert response.url == reverse("competencies:assessment-detail", args=[assessment.pk])
    domain = framework.domains[0]
    url = reverse("competencies:assessment-rate", args=[assessment.pk, domain.pk])
    page = client.get(url).content.decode()
    assert "Your role expects: <strong>Competent</strong>" in page
    response = client.post(url, {**rating_data(assessment, domain, 4), "next": "1"})
    assert response.url == reverse("competencies:assessment-rate", args=[assessment.pk, framework.domains[1].pk])
    detail = client.get(reverse("competencies:assessment-detail", args=[assessment.pk])).content.decode()
    assert "3 of 6 rated" in detail
    next_page = reverse("competencies:assessment-rate", args=[assessment.pk, framework.domains[1].pk])
    assert f'href="{next_page}">Continue rating' in detail
    assert "Submit for review" not in detail


def test_attended_training_for_a_competence_is_offered_and_linked(client, world, framework):
    staff = world.profile("staff_member")
    # Linked to the competence in an earlier version of the framework, under another code.
    session = TrainingSessionFactory(region=world.region, title="Court skills day")
    session.competences.add(framework.competences[0])
    attendance = TrainingAttendance.objects.create(session=session, attendee=staff, status="attended")
    framework = revise(framework, recode={"C01": "N01"})
    competence = framework.competences[0]
    assert competence.code == "N01"
    assessment = start(staff, framework)
    client.force_login(staff.user)
    url = reverse("competencies:assessment-rate", args=[assessment.pk, competence.domain.pk])
    assert "Court skills day" in client.get(url).content.decode()
    rating = assessment.ratings.get(competence=competence)
    # Every rating on the page carries its revision, as the page sends them.
    data = {f"r{other.pk}-revision": other.self_revision for other in assessment.ratings.all()}
    client.post(url, {**data, f"r{rating.pk}-value": 3, f"r{rating.pk}-training": [attendance.pk]})
    assert list(rating.training.all()) == [attendance]


def test_submitted_assessment_rate_page_sends_the_owner_back(client, world, framework):
    staff = world.profile("staff_member")
    assessment = rate_all(start(staff, framework), framework)
    client.force_login(staff.user)
    response = client.get(reverse("competencies:assessment-rate", args=[assessment.pk, framework.domains[0].pk]))
    assert response.url == reverse("competencies:assessment-detail", args=[assessment.pk])


def test_results_show_readiness_and_what_the_target_asks(client, world, framework):
    staff = world.profile("staff_member")
    assessment = rate_all(start(staff, framework, target=True), framework, value=4, C01=3, C02=2)
    client.force_login(staff.user)
    response = client.get(reverse("competencies:assessment-results", args=[assessment.pk]))
    page = response.content.decode()
    # Target expects proficient (4) everywhere: four of six are met.
    assert "Ready for Specialist practitioner: 67%. That is 4 of the 6 things that role expects." in page
    # One opening statement for their own role, then the charts, then the list of what is not met yet.
    results = response.context["results"]
    assert 0 < results.met_total < results.expected_total == 6
    assert f"{results.met_total} of the 6 competences practitioner expects are met" in page
    assert page.index('id="results-summary"') < page.index('id="ratings-chart"') < page.index('id="not-yet"')
    assert page.count("Ready for Specialist practitioner") == 1
    assert "C02 Competence 2: expects proficient, rated developing" in page
    assert 'id="ratings-chart"' in page and 'id="history-chart"' not in page and 'id="domain-history-chart"' in page


def test_manager_reviews_with_a_stale_page_and_keeps_their_typing(client, world, framework):
    assessment = rate_all(start(world.profile("staff_member"), framework), framework)
    client.force_login(world.user("line_manager"))
    url = reverse("competencies:assessment-review", args=[assessment.pk])
    ratings = list(assessment.ratings.all())
    data = {"revision": 0}
    for rating in ratings:
        data[f"m{rating.pk}-value"] = 2
        data[f"m{rating.pk}-comment"] = "Needs more practice"
    assert client.post(url, data).status_code == 302
    data[f"m{ratings[0].pk}-comment"] = "My second thought"
    response = client.post(url, data)  # still revision 0: someone (here, the same page) saved since
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved a review" in page
    assert "My second thought" in page
    ratings[0].refresh_from_db()
    assert ratings[0].manager_comment == "Needs more practice"


def test_manager_agrees_with_a_whole_domain_in_one_press_recorded_per_competence(client, world, framework):
    first, second = framework.domains[0], framework.domains[1]
    codes = [c.code for c in framework.competences if c.domain_id == first.pk]
    # The person rates themself 4 on the first domain's competences, 3 elsewhere.
    assessment = rate_all(start(world.profile("staff_member"), framework), framework, **dict.fromkeys(codes, 4))
    manager = world.user("line_manager")
    client.force_login(manager)
    url = reverse("competencies:assessment-review", args=[assessment.pk])
    page = client.get(url).content.decode()
    assert f'name="agree_domain" value="{first.pk}">Agree with their ratings in {first.name}</button>' in page
    assert f'<h2 id="domain-{first.pk}-title" class="nhsuk-heading-m">{first.name}</h2>' in page
    in_first = list(assessment.ratings.filter(competence__domain=first).order_by("pk"))
    chosen = in_first[0]
    data = {"revision": 0, f"m{chosen.pk}-value": 2, f"m{chosen.pk}-comment": "Not yet at court"}

    response = client.post(url, {**data, "agree_domain": first.pk})

    assert response.url == f"{url}#domain-{first.pk}"
    values = {r.pk: (r.manager_value and r.manager_value.value, r.manager_by) for r in assessment.ratings.all()}
    # The one the manager chose keeps their rating; the rest of the domain take the person's, each by the manager.
    assert values[chosen.pk] == (2, manager)
    assert all(values[r.pk] == (4, manager) for r in in_first[1:])
    # Nothing outside the domain is touched.
    assert all(values[r.pk] == (None, None) for r in assessment.ratings.filter(competence__domain=second))


def test_agreeing_with_a_domain_not_in_the_assessment_changes_nothing(client, world, framework):
    assessment = rate_all(start(world.profile("staff_member"), framework), framework)
    other = small_framework()
    client.force_login(world.user("line_manager"))
    url = reverse("competencies:assessment-review", args=[assessment.pk])

    response = client.post(url, {"revision": 0, "agree_domain": other.domains[0].pk})

    assert response.url == url
    assert not assessment.ratings.filter(manager_value__isnull=False).exists()
    assert client.post(url, {"revision": 1, "agree_domain": "not a number"}).url == url


def test_manager_signs_off_and_the_history_says_who(client, world, framework):
    assessment = rate_all(start(world.profile("staff_member"), framework), framework, value=4)
    manager = world.user("service_manager")
    client.force_login(manager)
    data = {"revision": 0, **{f"m{r.pk}-value": 3 for r in assessment.ratings.all()}}
    client.post(reverse("competencies:assessment-review", args=[assessment.pk]), data)
    page = client.get(reverse("competencies:assessment-review", args=[assessment.pk])).content.decode()
    assert "6 where your rating differs from theirs" in page
    response = client.post(
        reverse("competencies:assessment-decision", args=[assessment.pk]),
        {"decision": "sign_off", "message": "Agreed at appraisal"},
    )
    assert response.url == reverse("competencies:review-queue")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SIGNED_OFF
    assert assessment.history.last().by == manager


def test_review_queue_lists_reports_only(client, world, framework):
    report = rate_all(start(world.profile("staff_member"), framework), framework)
    elsewhere = StaffProfileFactory(service=world.other_service)
    rate_all(start(elsewhere, framework), framework)
    client.force_login(world.user("line_manager"))
    page = client.get(reverse("competencies:review-queue")).content.decode()
    assert report.staff.display_name in page
    assert elsewhere.display_name not in page


def _team(world, framework, size):
    manager = world.profile("service_manager")
    people = []
    for index in range(size):
        person = StaffProfileFactory(
            service=world.service,
            line_manager=world.profile("line_manager"),
            user=UserFactory(last_name=f"Person{index:02d}", kinds=[roles.STAFF_MEMBER]),
        )
        assessment = rate_all(start(person, framework), framework, value=3, C01=1, C02=2)
        sign_off(assessment, framework, manager.user, value=3, C01=1, C02=2)
        rate_all(start(person, framework), framework, value=3, C01=1)
        people.append(person)
    return people


def test_team_heatmap_colours_gaps_and_lists_the_biggest(client, world, framework):
    _team(world, framework, 3)
    client.force_login(world.user("service_manager"))
    page = client.get(reverse("competencies:team")).content.decode()
    assert page.count("app-gap--more") >= 3  # C01 is two below for everyone
    assert "C01 Competence 1: 3 people below what their role expects" in page
    filtered = client.get(reverse("competencies:team"), {"domain": "D2"}).content.decode()
    assert "C04" in filtered and ">C01<" not in filtered


def test_heatmap_groups_columns_by_domain_and_links_each_cell_to_the_assessment(client, world, framework):
    people = _team(world, framework, 2)
    client.force_login(world.user("service_manager"))
    page = client.get(reverse("competencies:team")).content.decode()
    latest = Assessment.objects.filter(staff=people[0]).order_by("-created_at", "-pk").first()
    results = reverse("competencies:assessment-results", args=[latest.pk])
    assert '<th scope="colgroup" colspan="3" class="nhsuk-table__header">Domain 1</th>' in page
    assert f'<a href="{results}">{people[0].display_name}</a>' in page
    assert f'<a href="{results}#competence-c01">−2</a>' in page
    # The anchor the cell points at is on the results page.
    assert 'id="competence-c01"' in client.get(results).content.decode()


def _made_spreadsheet(client):
    """Ask for the team spreadsheet with the page's form; it is made (at once, in tests) for its download page."""
    progress = client.post(reverse("competencies:team-export", args=["xlsx"]))
    assert progress.status_code == 302
    download = client.get(progress.url).context["download"]
    return client.get(reverse("workforce:download-file", args=[download.pk]))


def test_heatmap_spreadsheet_is_coloured_like_the_page(client, world, framework):
    _team(world, framework, 2)
    client.force_login(world.user("service_manager"))
    response = _made_spreadsheet(client)
    grid = openpyxl.load_workbook(io.BytesIO(response.content))["Heatmap"]
    assert [grid["C1"].value, grid["F1"].value] == ["Domain 1", "Domain 2"]
    assert [c.value for c in grid[2]][:4] == ["Name", "Role profile", "C01", "C02"]
    two_below, meets = grid["C3"], grid["E3"]
    assert (two_below.value, two_below.fill.start_color.rgb) == ("−2", "00F7D4D1")
    assert (meets.value, meets.fill.start_color.rgb) == ("Meets", "00CCE5D8")
    assert grid.freeze_panes == "C3"
    key = [row[0].value for row in grid.iter_rows(min_row=grid.max_row - 3)]
    assert key == ["Meets", "−1", "−2", "–"]


def test_heatmap_shows_a_page_of_people_and_counts_everyone(client, world, framework, monkeypatch):
    from competencies.assessments import views

    monkeypatch.setattr(views, "PEOPLE_PER_PAGE", 2)
    _team(world, framework, 3)
    client.force_login(world.user("service_manager"))

    first = client.get(reverse("competencies:team"), {"domain": "D1"}).content.decode()
    second = client.get(reverse("competencies:team"), {"domain": "D1", "page": 2}).content.decode()

    assert "People 1 to 2 of 3." in first and "People 3 to 3 of 3." in second
    assert ("Person00" in first, "Person02" in first) == (True, False)
    assert ("Person00" in second, "Person02" in second) == (False, True)
    # The next page keeps the filter; the gaps and the downloads count all three.
    assert 'href="?domain=D1&amp;page=2"' in first
    assert "C01 Competence 1: 3 people below what their role expects" in first
    assert f'{reverse("competencies:team-export", args=["csv"])}?domain=D1"' in second


@pytest.mark.parametrize("size", [2, 6])
def test_team_heatmap_queries_do_not_grow_with_the_team(client, world, framework, size, django_assert_max_num_queries):
    _team(world, framework, size)
    client.force_login(world.user("service_manager"))
    with django_assert_max_num_queries(9):
        assert client.get(reverse("competencies:team")).status_code == 200


@pytest.mark.parametrize("history", [1, 4])
def test_rating_page_queries_do_not_grow_with_past_assessments(
    client, world, framework, history, django_assert_max_num_queries
):
    staff = world.profile("staff_member")
    for _ in range(history):
        assessment = rate_all(start(staff, framework), framework)
        sign_off(assessment, framework, world.user("line_manager"))
    assessment = start(staff, framework)
    client.force_login(staff.user)
    url = reverse("competencies:assessment-rate", args=[assessment.pk, framework.domains[0].pk])
    # 15 with the one prefetch of every rating's files and links, and one of last time's.
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_exports_are_formula_safe(client, world, framework):
    person = StaffProfileFactory(
        service=world.service,
        line_manager=world.profile("line_manager"),
        user=UserFactory(first_name="=HYPERLINK(1)", last_name="Bad"),
        job_title="+Practitioner",
    )
    rate_all(start(person, framework), framework, value=2)
    client.force_login(world.user("line_manager"))
    response = client.get(reverse("competencies:team-export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Name", "Job title", "Role profile"]
    assert rows[1][0] == "'=HYPERLINK(1) Bad"
    assert rows[1][1] == "'+Practitioner"
    assert rows[1][-1] == "-1"
    response = _made_spreadsheet(client)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Team competences"]
    assert sheet["A2"].value == "'=HYPERLINK(1) Bad"
    assert sheet.max_row == 7
    assert workbook["Heatmap"]["A3"].value == "'=HYPERLINK(1) Bad"


def test_pdf_summary_is_a_pdf(client, world, framework):
    staff = world.profile("staff_member")
    assessment = rate_all(start(staff, framework), framework)
    client.force_login(staff.user)
    assert appraisal_pdf(client, assessment).startswith(b"%PDF")
    # Asked for with the form, never as a link: a link's GET would make a file for anyone who follows it.
    assert client.get(reverse("competencies:assessment-pdf", args=[assessment.pk])).status_code == 405


@pytest.mark.parametrize("history", [1, 4])
def test_results_and_review_queries_do_not_grow_with_past_assessments(
    client, world, framework, history, django_assert_max_num_queries
):
    staff = world.profile("staff_member")
    for _ in range(history):
        sign_off(rate_all(start(staff, framework), framework), framework, world.user("line_manager"))
    assessment = rate_all(start(staff, framework, target=True), framework)
    client.force_login(staff.user)
    with django_assert_max_num_queries(RESULTS_QUERIES):
        assert client.get(reverse("competencies:assessment-results", args=[assessment.pk])).status_code == 200
    client.force_login(world.user("line_manager"))
    with django_assert_max_num_queries(REVIEW_QUERIES):
        assert client.get(reverse("competencies:assessment-review", args=[assessment.pk])).status_code == 200


def test_team_can_be_filtered_by_role_profile(client, world, framework):
    _team(world, framework, 1)
    other = StaffProfileFactory(
        service=world.service,
        line_manager=world.profile("line_manager"),
        user=UserFactory(last_name="Target", kinds=[roles.STAFF_MEMBER]),
    )
    services.assessment_submit(assessment=_rate_target(other, framework), by=other.user)
    client.force_login(world.user("service_manager"))
    page = client.get(reverse("competencies:team"), {"role_profile": "specialist"}).content.decode()
    assert other.display_name in page and "Person00" not in page


def _rate_target(staff, framework):
    assessment = services.assessment_start(staff=staff, role_profile=framework.target, by=staff.user)
    services.ratings_save_self(
        assessment=assessment,
        by=staff.user,
        entries=[services.SelfRatingEntry(rating=r, value=framework.scale[4]) for r in assessment.ratings.all()],
    )
    return assessment


def test_a_value_off_the_scale_is_explained_and_nothing_is_saved(client, world, framework):
    staff = world.profile("staff_member")
    assessment = start(staff, framework)
    client.force_login(staff.user)
    domain = framework.domains[0]
    response = client.post(
        reverse("competencies:assessment-rate", args=[assessment.pk, domain.pk]), rating_data(assessment, domain, 9)
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not assessment.ratings.filter(self_value__isnull=False).exists()
