"""A youth-led session from planning to feedback: the participation lead plans it with two young experts, a
staff member signs up, the lead takes attendance, and both the attendee and the young experts give feedback."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.competencies import CompetenceFactory
from tests.factories.training import YoungExpertFactory
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles
from workforce.models import TrainingAttendance, TrainingSession
from workforce.training.selectors import attended_sessions_for

PASSWORD = "pathways-test-password"


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _kind_groups():
    """The kinds' groups. After an earlier browser test the migrated groups are not always put back, so a
    test that depends on a kind makes sure its group is there."""
    for kind in roles.KINDS:
        Group.objects.get_or_create(name=kind.name)


def test_youth_led_session_from_planning_to_feedback(page, browser, live_server, transactional_db):
    _kind_groups()
    service = ServiceFactory(name="Riverside Liaison and Diversion", slug="riverside")
    lead = UserFactory(
        username="morgan.price@example.org", first_name="Morgan", kinds=[roles.PARTICIPATION_LEAD, roles.STAFF_MEMBER]
    )
    StaffProfileFactory(user=lead, service=service, job_title="Participation lead")
    staff = UserFactory(username="tom.reid@example.org", first_name="Tom", last_name="Reid", kinds=[roles.STAFF_MEMBER])
    tom = StaffProfileFactory(user=staff, service=service)
    YoungExpertFactory(display_name="Jay")
    YoungExpertFactory(display_name="Mo")
    competence = CompetenceFactory(code="YP1", title="Communicating with young people")

    # The participation lead plans the session.
    sign_in(page, "morgan.price@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Youth-led sessions").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Plan a session").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Talking with young people in custody")
    starts = timezone.localtime() + datetime.timedelta(days=7)
    page.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Location").fill("Riverside training room")
    page.get_by_label("Service").select_option(label="Riverside Liaison and Diversion")
    page.get_by_label("Places", exact=True).fill("12")
    page.get_by_label("Jay").check()
    page.get_by_label("Mo").check()
    page.get_by_label("YP1 Communicating with young people").check()
    page.get_by_role("button", name="Save session").click()
    page.get_by_role("heading", level=1, name="Talking with young people in custody").wait_for()
    assert_accessible(page)
    session = TrainingSession.objects.get()
    assert [expert.display_name for expert in session.young_experts.order_by("display_name")] == ["Jay", "Mo"]

    # A staff member signs up.
    staff_page = _new_page(browser, live_server)
    sign_in(staff_page, "tom.reid@example.org", PASSWORD)
    staff_page.wait_for_url("**/my/")
    staff_page.goto("/training/")
    assert_accessible(staff_page)
    staff_page.get_by_role("button", name="Sign up to Talking with young people in custody").click()
    staff_page.get_by_text("You have a place on Talking with young people in custody").wait_for()
    assert_accessible(staff_page)

    # The session takes place; the lead takes attendance and records both young experts' feedback.
    session.starts_at = timezone.now() - datetime.timedelta(hours=2)
    session.save()
    page.reload()
    page.get_by_role("link", name="Take attendance").click()
    assert_accessible(page)
    page.get_by_label("Tom Reid").check()
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Attendance is saved.").wait_for()
    assert TrainingAttendance.objects.get().status == "attended"
    for name in ("Jay", "Mo"):
        page.get_by_role("link", name=f"Record {name}'s feedback").click()
        assert_accessible(page)
        page.locator("fieldset", has_text="Could you say what you wanted to say?").get_by_label("Yes").check()
        page.locator("fieldset", has_text="Did you feel listened to?").get_by_label("Partly").check()
        page.locator("fieldset", has_text="Do you think it will make a difference?").get_by_label("Yes").check()
        page.get_by_role("button", name="Send feedback").click()
        page.get_by_text(f"{name}'s feedback is saved").wait_for()
    assert_accessible(page)

    # The attendee gives their feedback, with their confidence before and after.
    staff_page.goto("/training/")
    staff_page.get_by_role("link", name="Give feedback on Talking with young people in custody").click()
    assert_accessible(staff_page)
    staff_page.get_by_label("What did you learn?").fill("Young people may say little at first.")
    staff_page.get_by_label("What will you do differently?").fill("Explain each step in plain words.")
    staff_page.locator("fieldset", has_text="confidence before").get_by_label("2", exact=True).check()
    staff_page.locator("fieldset", has_text="confidence after").get_by_label("4", exact=True).check()
    staff_page.get_by_role("button", name="Send feedback").click()
    staff_page.get_by_text("Thank you. The young experts will see what you learned.").wait_for()
    assert_accessible(staff_page)

    page.reload()
    expect(page.get_by_text("YP1: 2 to 4")).to_be_visible()
    evidence = attended_sessions_for(staff_profile=tom, competence_codes=[competence.code])
    assert [attendance.session.title for attendance in evidence["YP1"]] == ["Talking with young people in custody"]
    staff_page.context.close()


def test_staff_training_page_works_on_a_phone(phone_page, transactional_db):
    staff = UserFactory(username="tom.reid@example.org", first_name="Tom", kinds=[roles.STAFF_MEMBER])
    StaffProfileFactory(user=staff)
    sign_in(phone_page, "tom.reid@example.org", PASSWORD)
    phone_page.wait_for_url("**/my/")
    phone_page.goto("/training/")
    expect(phone_page.get_by_role("heading", level=1, name="Training")).to_be_visible()
    assert_accessible(phone_page)


def test_young_expert_sees_their_involvement_and_gives_feedback(page, transactional_db):
    from tests.factories.training import InvolvementFactory, YouthSessionFactory

    user = UserFactory(username="jay.youth@example.org", first_name="Jay")
    jay = YoungExpertFactory(display_name="Jay", user=user)
    session = YouthSessionFactory(
        title="Unconscious bias",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        young_experts=[jay, YoungExpertFactory(display_name="Mo")],
    )
    InvolvementFactory(young_expert=jay, session=session, hours=2)
    sign_in(page, "jay.youth@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    assert_accessible(page)
    page.get_by_role("link", name="My involvement").first.click()
    expect(page.get_by_text("You have given 2 hours")).to_be_visible()
    expect(page.get_by_role("link", name="Download your certificate for Unconscious bias (PDF)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tell us how Unconscious bias went").click()
    assert_accessible(page)
    page.locator("fieldset", has_text="Could you say what you wanted to say?").get_by_label("Yes").check()
    page.locator("fieldset", has_text="Did you feel listened to?").get_by_label("Yes").check()
    page.locator("fieldset", has_text="Do you think it will make a difference?").get_by_label("Partly").check()
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Thank you for your feedback.").wait_for()
    assert_accessible(page)


def test_report_with_its_chart_is_accessible(page, transactional_db):
    from tests.factories.training import AttendanceFactory, YouthSessionFactory
    from workforce.training.services import attendee_feedback_give

    _kind_groups()
    lead = UserFactory(username="morgan.price@example.org", kinds=[roles.PARTICIPATION_LEAD])
    StaffProfileFactory(user=lead)
    competence = CompetenceFactory(code="YP1", title="Communicating with young people")
    session = YouthSessionFactory(starts_at=timezone.now() - datetime.timedelta(days=3), competences=[competence])
    attendance = AttendanceFactory(session=session, status="attended")
    attendee_feedback_give(attendance=attendance, learned="a", will_do_differently="b", confidence={competence: (2, 4)})
    sign_in(page, "morgan.price@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/training/report/")
    page.locator("#confidence-chart .main-svg").first.wait_for()
    expect(page.locator("#confidence-table").get_by_text("YP1 Communicating with young people")).to_be_visible()
    assert_accessible(page)


def test_lead_manages_young_experts_and_you_said_we_did(page, transactional_db):
    from tests.factories.training import YouthOrganisationFactory
    from workforce.models import YoungExpert, YouSaidWeDid

    _kind_groups()
    lead = UserFactory(username="morgan.price@example.org", kinds=[roles.PARTICIPATION_LEAD])
    StaffProfileFactory(user=lead)
    YouthOrganisationFactory(name="Riverside Youth Voice")
    sign_in(page, "morgan.price@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Young experts").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Youth organisations").click()
    assert_accessible(page)
    page.goto("/training/young-experts/")
    page.get_by_role("link", name="Add a young expert").click()
    assert_accessible(page)
    page.get_by_label("Name they want to be known by").fill("Jay")
    page.get_by_label("13 to 15").check()
    page.get_by_label("Organisation").select_option(label="Riverside Youth Voice")
    page.get_by_label("They agreed to take part").check()
    page.get_by_label("Safeguarding contact").fill("Dee Owens, youth worker, 07700 900123")
    page.get_by_label("Payment", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("A parent or carer must agree for anyone under 16.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("A parent or carer agreed (needed under 16)").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", level=1, name="Jay").wait_for()
    expect(page.get_by_text("Payments may affect benefits")).to_be_visible()
    assert_accessible(page)
    assert YoungExpert.objects.get().carer_consent
    page.get_by_role("link", name="Log time").click()
    assert_accessible(page)
    page.goto(f"/training/young-experts/{YoungExpert.objects.get().pk}/remove-details/")
    assert_accessible(page)

    page.goto("/training/you-said-we-did/")
    assert_accessible(page)
    page.get_by_label("What young people said").fill("Do not close our case after one missed appointment.")
    page.get_by_label("What we did").fill("We call or visit first.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The record is saved.").wait_for()
    expect(page.get_by_role("cell", name="We call or visit first.")).to_be_visible()
    assert_accessible(page)
    assert YouSaidWeDid.objects.get().recorded_by == lead
