"""A member opens a meeting and takes it to their calendar; a coordinator builds an interview pack for a panel.

Every page is checked with axe at 1280 px and at 360 px."""

import datetime
from urllib.parse import urlsplit

from django.utils import timezone
from playwright.sync_api import expect

from peernet.networks import services
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.competencies import ExpectationFactory
from tests.factories.networks import InterviewQuestionFactory, NetworkFactory, add_member, ensure_migrated_basics
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory

PASSWORD = "pathways-test-password"
WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 360, "height": 780}


def check_at_both_widths(page):
    for size in (NARROW, WIDE):
        page.set_viewport_size(size)
        assert_accessible(page)


def _world():
    ensure_migrated_basics()
    riverside = ServiceFactory(name="Riverside L&D", slug="riverside-ld")
    network = NetworkFactory(name="North peer network", services_=[riverside])
    kim = StaffProfileFactory(
        user=UserFactory(username="kim.walsh@example.org", first_name="Kim", last_name="Walsh"), service=riverside
    ).user
    ellis = StaffProfileFactory(
        user=UserFactory(username="ellis.ward@example.org", first_name="Ellis", last_name="Ward"), service=riverside
    ).user
    add_member(network, kim, coordinator=True)
    add_member(network, ellis)
    meeting = services.meeting_save(
        network=network,
        title="Supervision and wellbeing for peers",
        date=timezone.localdate() + datetime.timedelta(days=14),
        start_time=datetime.time(13, 30),
        end_time=datetime.time(15, 30),
        location="Moorland L&D, Court House, Northallerton",
        online_url="https://meet.example.org/north-wellbeing",
        agenda="Welcome\nGroup supervision models",
    )
    trust = ExpectationFactory(
        role_profile__title="Peer support volunteer", competence__title="Build trust with a person in crisis"
    )
    InterviewQuestionFactory(competence=trust.competence, question="How do you build trust with someone in a cell?")
    InterviewQuestionFactory(competence=trust.competence, question="What would make you call for help?")
    return network, meeting


def test_member_opens_a_meeting_and_adds_it_to_their_calendar(page):
    network, meeting = _world()
    sign_in(page, "ellis.ward@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto(f"/networks/{network.slug}/")
    check_at_both_widths(page)
    page.get_by_role("link", name="Supervision and wellbeing for peers").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Supervision and wellbeing for peers"
    expect(page.get_by_text("13:30 to 15:30 (UK time)")).to_be_visible()
    expect(page.get_by_text("Moorland L&D, Court House, Northallerton")).to_be_visible()
    join = page.get_by_role("link", name="Join the meeting online")
    assert join.get_attribute("href") == "https://meet.example.org/north-wellbeing"
    check_at_both_widths(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics file)").click()
    assert download.value.suggested_filename.endswith(".ics")
    with open(download.value.path(), "rb") as ics:
        body = ics.read().decode("utf-8")
    assert "BEGIN:VEVENT" in body and f"UID:{meeting.uid}@ld-pathways" in body and "\r\n" in body

    page.get_by_role("link", name="add the network's calendar").click()
    page.get_by_role("button", name="Get my calendar link").click()
    expect(page.get_by_text("Your calendar link is ready")).to_be_visible()
    # The link is made with the site's public address; here the same path is asked of the test server.
    feed = urlsplit(page.get_by_label("Or copy your calendar link").input_value()).path
    check_at_both_widths(page)
    page.get_by_role("button", name="Sign out").click()
    response = page.request.get(feed)
    assert response.status == 200 and "Supervision and wellbeing for peers" in response.text()
    assert page.request.get(feed.replace(".ics", "x.ics")).status == 404


def test_coordinator_builds_an_interview_pack_for_a_panel(page):
    network, _ = _world()
    sign_in(page, "kim.walsh@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto(f"/networks/{network.slug}/")
    page.get_by_role("link", name="Make an interview pack").first.click()
    check_at_both_widths(page)
    page.get_by_label("Name of the pack").fill("Volunteer interviews, March")
    page.get_by_label("Role you are recruiting for").select_option(index=1)
    page.get_by_label("Candidate's name (optional)").fill("Sam Okafor")
    page.get_by_label("Panel members (optional)").fill("Kim Walsh, chair\nEllis Ward, lead peer support worker")
    page.get_by_label("1", exact=True).check()
    page.get_by_role("button", name="Make the pack and choose questions").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Choose the questions"
    check_at_both_widths(page)
    page.get_by_role("button", name="Save the questions").click()
    expect(page.get_by_text("Choose at least one question for the pack.").first).to_be_visible()
    check_at_both_widths(page)
    page.get_by_role("checkbox", name="How do you build trust with someone in a cell?").check()
    page.get_by_role("checkbox", name="What would make you call for help?").check()
    page.get_by_label("Order for: How do you build trust").fill("2")
    page.get_by_label("Order for: What would make you").fill("1")
    page.get_by_role("button", name="Save the questions").click()

    expect(page.get_by_text("The questions are saved in the order you gave.")).to_be_visible()
    questions = page.locator("ol.nhsuk-list--number > li").all_inner_texts()
    assert questions[0].startswith("What would make you call for help?")
    assert questions[1].startswith("How do you build trust with someone in a cell?")
    expect(page.get_by_text("Sam Okafor")).to_be_visible()
    expect(page.get_by_role("cell", name="Strong evidence, with clear examples")).to_be_visible()
    check_at_both_widths(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack for the panel (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
