"""What needs you on home, and a development plan tied to youth-led training, at desktop and phone widths."""

import datetime
import os

import pytest
from django.utils import timezone

from competencies.models import PlanAction
from competencies.plans import services as plan_services
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.assessments import rate_all, sign_off, small_framework, start
from tests.factories.training import YouthSessionFactory
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles
from workforce.models import TrainingAttendance

PASSWORD = "pathways-test-password"
WIDTHS = {"desktop": 1280, "phone": 360}


def shot(page, name):
    """Screenshots for people to look at, when SCREENSHOTS names a folder to keep them in."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.fixture(params=sorted(WIDTHS))
def sized_page(request, browser, live_server):
    width = WIDTHS[request.param]
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.width_name = request.param
    yield page
    context.close()


def people():
    framework = small_framework()
    service = ServiceFactory()
    priya = StaffProfileFactory(
        user=UserFactory(username="priya.shah@example.org", first_name="Priya", kinds=[roles.LINE_MANAGER]),
        service=service,
        job_title="Team leader",
    )
    tom = StaffProfileFactory(
        user=UserFactory(username="tom.reid@example.org", first_name="Tom", kinds=[roles.STAFF_MEMBER]),
        service=service,
        line_manager=priya,
        job_title="Practitioner",
    )
    return framework, priya, tom


def test_staff_member_plans_training_from_home(sized_page, transactional_db):
    page, width = sized_page, sized_page.width_name
    framework, priya, tom = people()
    assessment = sign_off(rate_all(start(tom, framework), framework, C01=1), framework, priya.user, C01=1)
    plan_services.plan_action_create(
        assessment=assessment,
        by=tom.user,
        competence=framework.competences[1],
        action="Shadow a specialist at court.",
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    session = YouthSessionFactory(
        title="Talking with young people in custody",
        region=tom.service.region,
        competences=[framework.competences[0]],
        starts_at=timezone.now() + datetime.timedelta(days=21),
    )

    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.goto("/my/")
    needs = page.locator("section[aria-labelledby=needs-you]")
    assert "Shadow a specialist at court." in needs.inner_text()
    assert "Import and export the framework" not in page.content()
    assert_accessible(page)
    shot(page, f"home-staff-{width}")

    needs.get_by_role("link", name="Open your development plan").first.click()
    page.wait_for_url(f"**/assessments/{assessment.pk}/plan/**")
    page.get_by_role("link", name=f"{session.title}", exact=False).first.click()
    assert page.get_by_label("Youth-led training session (optional)").input_value() == str(session.pk)
    page.get_by_label("What I will do").fill("Go to the youth-led session and talk it over in supervision.")
    due = timezone.localdate() + datetime.timedelta(days=40)
    page.get_by_label("By when").fill(due.isoformat())
    page.get_by_role("button", name="Add to the plan").click()
    assert "The action is added to the plan." in page.content()
    action = PlanAction.objects.get(session=session)
    card = page.locator(f"#action-{action.pk}")
    card.get_by_role("button", name="Sign up").click()
    assert f"You have a place on {session.title}." in page.content()
    assert TrainingAttendance.objects.get(session=session, attendee=tom).status == TrainingAttendance.Status.SIGNED_UP
    assert "You have a place" in page.locator(f"#action-{action.pk}").inner_text()
    assert_accessible(page)
    shot(page, f"plan-{width}")

    # Going back and reloading never adds the action twice.
    page.go_back()
    page.reload()
    assert PlanAction.objects.filter(session=session).count() == 1

    page.goto(f"/assessments/{assessment.pk}/plan/")
    page.locator(f"#action-{action.pk}").get_by_role("link", name="Change").click()
    page.get_by_label("By when").fill("2100-01-01")
    page.get_by_role("button", name="Save the change").click()
    assert "must be within 3 years" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page)
    shot(page, f"plan-change-error-{width}")
    page.get_by_label("By when").fill(due.isoformat())
    page.get_by_label("What I will do").fill("Go to the session with a colleague.")
    page.get_by_role("button", name="Save the change").click()
    assert "Go to the session with a colleague." in page.locator(f"#action-{action.pk}").inner_text()

    page.locator(f"#action-{action.pk}").get_by_role("link", name="Remove").click()
    assert_accessible(page)
    shot(page, f"plan-remove-{width}")
    page.get_by_role("button", name="Remove the action").click()
    assert "The action is removed from the plan." in page.content()
    assert not PlanAction.objects.filter(pk=action.pk).exists()


def test_line_manager_sees_reviews_waiting_with_a_count(sized_page, transactional_db):
    page, width = sized_page, sized_page.width_name
    framework, priya, tom = people()
    rate_all(start(tom, framework), framework)
    other = StaffProfileFactory(service=priya.service, line_manager=priya, job_title="Practitioner")
    rate_all(start(other, framework), framework)

    sign_in(page, "priya.shah@example.org", PASSWORD)
    page.goto("/my/")
    reviews = page.locator(".app-needs", has_text="Reviews waiting for you")
    assert reviews.locator(".app-count").inner_text() == "2"
    assert "2 assessments are waiting for your review." in reviews.inner_text()
    assert_accessible(page)
    shot(page, f"home-manager-{width}")
    reviews.get_by_role("link", name="See all assessments to review").click()
    page.wait_for_url("**/assessments/reviews/")
