"""A member finds, opens and adopts a shared resource and builds an interview pack; outsiders get 404."""

import pytest
from playwright.sync_api import expect

from cms.library.resource import ResourceType
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.competencies import ExpectationFactory
from tests.factories.networks import (  # noqa: F401  (disk_media is a fixture)
    InterviewQuestionFactory,
    NetworkFactory,
    add_member,
    disk_media,
    ensure_migrated_basics,
    hub_for,
    network_document,
    publish_resource,
)
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory

PASSWORD = "pathways-test-password"


@pytest.fixture
def network_world(request):
    request.getfixturevalue("disk_media")
    ensure_migrated_basics()
    network = NetworkFactory(name="North peer network")
    hub = hub_for(network)
    member = StaffProfileFactory(
        user=UserFactory(username="ellis.ward@example.org", first_name="Ellis"),
        service=ServiceFactory(name="Riverside L&D", slug="riverside-ld"),
    ).user
    add_member(network, member)
    expectation = ExpectationFactory(
        role_profile__title="Peer support worker", competence__title="Communicating with people in custody"
    )
    document = network_document(network)
    resource = publish_resource(
        network,
        title="Volunteer interview questions",
        resource_type=ResourceType.INTERVIEW_QUESTIONS,
        summary="Questions Moorland asks peer volunteers.",
        service=ServiceFactory(name="Moorland L&D"),
        documents=[document],
        role_profile=expectation.role_profile,
        tags=["interviews"],
    )
    publish_resource(
        network, title="Induction pack", resource_type=ResourceType.INDUCTION_PACK, summary="A first week plan."
    )
    InterviewQuestionFactory(
        competence=expectation.competence, question="How would you explain your role to someone in a cell?"
    )
    return {"network": network, "hub": hub, "member": member, "resource": resource, "document": document}


def test_member_finds_opens_and_adopts_a_resource_then_builds_an_interview_pack(page, network_world):
    sign_in(page, "ellis.ward@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto(network_world["hub"].url)
    assert page.get_by_role("heading", level=1).inner_text() == "North peer network"
    assert_accessible(page)

    page.goto("/resources/")
    page.get_by_label("Search").fill("volunteers")
    page.get_by_label("Type").select_option(label="Interview question set")
    page.get_by_role("button", name="Find resources").click()
    expect(page.get_by_role("heading", name="1 resource")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Volunteer interview questions").click()
    expect(page.get_by_text("No other service yet")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_role("link", name="job-description.pdf").get_attribute("href")
    document = page.request.get(link)
    assert document.status == 200 and document.body().startswith(b"%PDF")

    page.get_by_role("link", name="Adopt for my service").click()
    assert_accessible(page)
    page.get_by_role("button", name="Adopt this resource").click()
    expect(page.get_by_text("is now in your service's library")).to_be_visible()
    expect(page.get_by_text("Adopted from")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Riverside L&D").first).to_be_visible()
    assert_accessible(page)

    page.goto(network_world["resource"].url)
    expect(page.get_by_text("1 service: Riverside L&D")).to_be_visible()
    expect(page.get_by_text("Your service has already adopted this resource")).to_be_visible()

    page.goto("/networks/interview-pack/")
    assert_accessible(page)
    page.get_by_label("Role you are recruiting for").select_option(label="Peer support worker (level 5)")
    page.get_by_role("button", name="Show questions").click()
    expect(page.get_by_text("How would you explain your role to someone in a cell?")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the interview pack (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_non_member_is_refused_the_hub_and_its_documents(page, network_world):
    outsider = StaffProfileFactory(user=UserFactory(username="zoe.hart@example.org")).user
    add_member(NetworkFactory(name="South peer network"), outsider)
    sign_in(page, "zoe.hart@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    assert page.goto(network_world["hub"].url).status == 404
    assert_accessible(page)
    assert page.goto(network_world["resource"].url).status == 404
    assert page.goto(network_world["document"].url).status == 404
    assert page.goto(f"/networks/{network_world['network'].slug}/").status == 404

    page.goto("/resources/")
    expect(page.get_by_text("No resources match")).to_be_visible()
    assert_accessible(page)


def test_visitor_asks_for_updates_on_a_phone(phone_page, network_world):
    phone_page.goto(f"/networks/{network_world['network'].slug}/updates/")
    assert_accessible(phone_page)
    phone_page.get_by_label("Email address").fill("reader@example.net")
    phone_page.get_by_role("button", name="Send me a link to confirm").click()
    expect(phone_page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(phone_page)
    assert phone_page.goto(network_world["hub"].url).status == 404
