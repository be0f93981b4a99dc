"""The appraisal cycle across a new version of the framework: the staff member's own rating comes forward,
labelled as theirs, with their manager's beside it; a reworded competence says so; the manager reviews and
signs off; the retired version can still be read."""

import pathlib

from playwright.sync_api import expect

from competencies.models import Assessment
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.test_assessment_flow import PASSWORD, _people
from tests.factories.assessments import rate_all, revise, sign_off, small_framework, start

SHOTS = pathlib.Path("/tmp/shots")


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"version-{name}.png", full_page=True)


def test_staff_and_manager_go_round_the_cycle_after_a_new_version(browser, live_server, transactional_db):
    first = small_framework()
    staff, manager = _people()
    sign_off(rate_all(start(staff, first), first, value=3, C01=4), first, manager.user, value=3, C01=2)
    second = revise(first, reword=["C02"], recode={"C03": "N03"}, notes="Competence 2 reworded; C03 is now N03.")

    # The staff member, on a phone.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 780}, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/assessments/")
    page.get_by_role("link", name="Start an assessment").click()
    page.get_by_label("Practitioner (level 5)").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Continue rating").click()
    first_rating = page.locator(".app-rating").first
    expect(first_rating.locator(".app-last-time")).to_contain_text("Your ratingProficient")
    expect(first_rating.locator(".app-last-time")).to_contain_text("Your manager's ratingDeveloping")
    expect(first_rating.get_by_label("Proficient", exact=True)).to_be_checked()
    reworded = page.locator(".app-rating").nth(1)
    expect(reworded).to_contain_text("the wording of this competence has changed")
    reworded.get_by_text("What it said last time").click()
    expect(reworded.get_by_text("C02 Competence 2", exact=True)).to_be_visible()
    expect(page.locator(".app-rating").nth(2)).to_contain_text("N03 Competence 3")
    assert_accessible(page)
    _shot(page, "rate-360")
    page.get_by_role("button", name="Save and go to the next domain").click()
    expect(page.locator(".nhsuk-caption-l")).to_have_text("Your assessment: 3 of 6 rated")
    page.get_by_role("button", name="Save and go back to the summary").click()
    expect(page.locator("#progress")).to_have_text("6 of 6 rated")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Waiting for review").first).to_be_visible()
    assert_accessible(page)
    phone.close()

    assessment = Assessment.objects.get(staff=staff, version=second.version)
    assert {
        r.competence.code: r.self_value.value for r in assessment.ratings.select_related("competence", "self_value")
    }["C01"] == 4

    # The manager, at a desk.
    desk = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "priya.shah@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/assessments/reviews/")
    page.get_by_role("link", name="Tom Reid").click()
    for domain in second.domains:
        page.get_by_role("button", name=f"Agree with their ratings in {domain.name}").click()
        expect(page.get_by_text(f"In {domain.name}, their rating is now yours")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Agree and sign off").check()
    page.get_by_role("textbox", name="Message").fill("Agreed at appraisal, on the new version.")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You signed off Tom Reid's assessment.")).to_be_visible()
    assert_accessible(page)

    # The version they used before can still be read.
    page.goto(f"/framework/{first.version.framework.slug}/")
    page.get_by_role("link", name="Read earlier versions").click()
    expect(page.get_by_text("Competence 2 reworded; C03 is now N03.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Version {first.version.number}").click()
    expect(page.get_by_text("A newer version has replaced it")).to_be_visible()
    page.get_by_role("link", name="Practitioner").first.click()
    expect(page.get_by_role("rowheader", name="C03 Competence 3")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 780})
    assert_accessible(page)
    _shot(page, "retired-profile-360")
    desk.close()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SIGNED_OFF
