"""A young expert signs in and reads what professionals said about a session they delivered: what they
learned, what they will do differently and, three months on, what changed. On a desktop and on a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.training import AttendanceFactory, InvolvementFactory, YoungExpertFactory, YouthSessionFactory
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles
from workforce.training import services

PASSWORD = "pathways-test-password"
LEARNED = [
    "Why a young person may not say much at first.",
    "To ask what they need before I tell them what happens.",
    "That a missed meeting can mean something is wrong at home.",
]
CHANGED = ["I sit down with them in custody.", "I call before I close a case.", "I meet them at the youth centre."]


def _jay_with_feedback():
    user = UserFactory(username="jay.youth@example.org", first_name="Jay", kinds=[roles.YOUNG_EXPERT])
    jay = YoungExpertFactory(display_name="Jay", user=user)
    held = YouthSessionFactory(
        title="Talking in custody",
        starts_at=timezone.now() - datetime.timedelta(days=100),
        young_experts=[jay, YoungExpertFactory(display_name="Mo")],
    )
    InvolvementFactory(young_expert=jay, session=held, hours=1.5)
    for index, learned in enumerate(LEARNED):
        attendee = StaffProfileFactory(user__first_name="Tom", user__last_name=f"Reid{index}")
        attendance = AttendanceFactory(session=held, attendee=attendee, status="attended")
        services.attendee_feedback_give(
            attendance=attendance, learned=learned, will_do_differently="Use plain words.", confidence={}
        )
        attendance.follow_up_sent_at = timezone.now()
        attendance.save()
        services.follow_up_answer(attendance=attendance, what_changed=CHANGED[index])
    YouthSessionFactory(title="What young people want", young_experts=[jay, YoungExpertFactory(display_name="Sky")])
    return jay


def _reads_feedback(page):
    sign_in(page, "jay.youth@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="My involvement").first.click()
    page.get_by_role("heading", level=1, name="My involvement").wait_for()
    expect(page.get_by_text("You have given 1.5 hours.")).to_be_visible()
    expect(page.get_by_role("link", name="What young people want")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Read what people said about Talking in custody").click()
    page.get_by_role("heading", level=1, name="Talking in custody").wait_for()
    learned = page.locator("#learned li")
    assert learned.all_inner_texts() == sorted(LEARNED, key=str.casefold)
    expect(page.locator("#what-changed").get_by_text("I sit down with them in custody.")).to_be_visible()
    expect(page.get_by_text("Fewer than 8 people came.")).to_be_visible()
    assert not re.search(r"\bTom\b|\bReid", page.locator("main").inner_text())
    assert_accessible(page)

    page.get_by_role("link", name="Tell us how it went for you").click()
    page.get_by_role("heading", level=1, name="How did Talking in custody go for you?").wait_for()
    assert_accessible(page)
    page.locator("fieldset", has_text="Could you say what you wanted to say?").get_by_label("Yes").check()
    page.locator("fieldset", has_text="Did you feel listened to?").get_by_label("Yes").check()
    page.locator("fieldset", has_text="Do you think it will make a difference?").get_by_label("Partly").check()
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Thank you. Your feedback is saved.").wait_for()
    page.get_by_role("heading", level=1, name="Talking in custody").wait_for()
    assert_accessible(page)


def test_young_expert_reads_feedback_on_a_session_they_delivered(page, transactional_db):
    _jay_with_feedback()
    _reads_feedback(page)


@pytest.fixture
def narrow_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_young_expert_reads_feedback_on_a_phone(narrow_page, transactional_db):
    _jay_with_feedback()
    _reads_feedback(narrow_page)
    width = narrow_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"The page is {width}px wide on a 360px screen"
