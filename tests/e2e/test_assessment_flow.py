"""A staff member through a whole assessment on a phone; a manager through review and sign-off; the team."""

from playwright.sync_api import expect

from competencies.models import Assessment
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.assessments import rate_all, small_framework, start
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles

PASSWORD = "pathways-test-password"


def _people():
    manager = StaffProfileFactory(
        user=UserFactory(
            username="priya.shah@example.org", first_name="Priya", last_name="Shah", kinds=[roles.LINE_MANAGER]
        ),
        job_title="Team leader",
    )
    staff = StaffProfileFactory(
        user=UserFactory(
            username="tom.reid@example.org", first_name="Tom", last_name="Reid", kinds=[roles.STAFF_MEMBER]
        ),
        service=manager.service,
        line_manager=manager,
        job_title="Practitioner",
    )
    return staff, manager


def test_staff_member_completes_and_submits_an_assessment_on_a_phone(phone_page, transactional_db):
    page = phone_page
    framework = small_framework()
    staff, _manager = _people()
    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/assessments/")
    assert_accessible(page)
    page.get_by_role("link", name="Start an assessment").click()
    assert_accessible(page)
    page.get_by_label("Practitioner (level 5)").check()
    target = page.get_by_label("The role you are working towards (optional)")
    target.select_option(label="Specialist practitioner (level 6)")
    page.get_by_role("button", name="Start").click()
    assert page.locator("#progress").inner_text() == "0 of 6 rated"
    assert_accessible(page)
    page.get_by_role("link", name="Continue rating").click()
    for domain_index in range(len(framework.domains)):
        assert_accessible(page)
        for section in page.locator(".app-rating").all():
            section.get_by_label("Competent", exact=True).check()
            section.get_by_label("Evidence").fill("Screened people in custody and referred them on.")
        if domain_index < len(framework.domains) - 1:
            page.get_by_role("button", name="Save and go to the next domain").click()
            assert page.locator(".nhsuk-caption-l").inner_text() == "Your assessment: 3 of 6 rated"
        else:
            page.get_by_role("button", name="Save and go back to the summary").click()
    assert page.locator("#progress").inner_text() == "6 of 6 rated"
    assert_accessible(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Waiting for review").first).to_be_visible()
    assert_accessible(page)
    assert Assessment.objects.get(staff=staff).status == Assessment.Status.SUBMITTED
    page.get_by_role("link", name="Results: ratings against what the role expects").click()
    expect(page.get_by_text("Ready for Specialist practitioner: 0%")).to_be_visible()
    assert_accessible(page)


def test_manager_reviews_and_signs_off(page, transactional_db):
    framework = small_framework()
    staff, _manager = _people()
    assessment = rate_all(start(staff, framework), framework, value=4)
    sign_in(page, "priya.shah@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/assessments/reviews/")
    assert_accessible(page)
    page.get_by_role("link", name="Tom Reid").click()
    assert_accessible(page)
    # Agreeing with the whole first domain at once, with a comment typed on the way.
    page.get_by_label("Your comment on Competence 1").fill("Seen at court: solid.")
    page.get_by_role("button", name="Agree with their ratings in Domain 1").click()
    expect(page.get_by_text("In Domain 1, their rating is now yours")).to_be_visible()
    assert page.url.endswith(f"/assessments/{assessment.pk}/review/#domain-{framework.domains[0].pk}")
    expect(page.get_by_text("3 competences without your rating. 0 where your rating differs")).to_be_visible()
    expect(page.get_by_label("Your comment on Competence 1")).to_have_value("Seen at court: solid.")
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 780})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    # The second domain rated one by one, lower than they rated themself.
    for select in page.locator(f"#domain-{framework.domains[1].pk} select").all():
        select.select_option(label="Competent")
    page.get_by_role("button", name="Save your review").click()
    expect(
        page.get_by_text("0 competences without your rating. 3 where your rating differs from theirs")
    ).to_be_visible()
    expect(page.get_by_text("Ratings differ").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Agree and sign off").check()
    page.get_by_role("textbox", name="Message").fill("Agreed at appraisal.")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You signed off Tom Reid's assessment.")).to_be_visible()
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SIGNED_OFF


def test_manager_sees_the_team_heatmap(page, transactional_db):
    framework = small_framework()
    staff, _manager = _people()
    rate_all(start(staff, framework), framework, value=3, C01=1)
    sign_in(page, "priya.shah@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/assessments/team/")
    assert_accessible(page)
    assert "C01 Competence 1: 1 person below what their role expects" in page.locator("main").inner_text(), (
        page.locator("main").inner_text()
    )
    page.get_by_label("Domain").select_option(label="Domain 2")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("#heatmap th abbr", has_text="C01").count() == 0
    assert page.locator("#heatmap th abbr", has_text="C04").count() == 1
    assert_accessible(page)

    # All domains again: the header stays in view while the table scrolls, and a cell opens the assessment.
    page.goto("/assessments/team/")
    header = page.locator("#heatmap thead")
    assert header.evaluate("element => getComputedStyle(element).position") == "sticky"
    expect(page.locator("#heatmap th[scope=colgroup]", has_text="Domain 1")).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 780})
    assert_accessible(page)
    page.locator("#heatmap tbody td a", has_text="−2").first.click()
    page.wait_for_url("**/results/#competence-c01")
    expect(page.locator("#competence-c01")).to_be_visible()
    assert_accessible(page)
