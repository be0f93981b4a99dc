"""An administrator makes a new draft of the framework in the Wagtail admin and publishes it."""

from competencies.framework.services import framework_load_shipped
from competencies.models import FrameworkVersion
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.workforce import UserFactory
from workforce import roles


def test_administrator_makes_and_publishes_a_new_version(page):
    published = framework_load_shipped()[0]
    UserFactory(username="ada.admin@example.org", first_name="Ada", kinds=[roles.ADMINISTRATOR])
    sign_in(page, "ada.admin@example.org", "pathways-test-password")
    page.wait_for_url("**/my/")

    page.goto("/admin/framework_version/")
    page.get_by_role("link", name="Make a new draft from this version").click()
    page.wait_for_url("**/copy/")
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Make a new draft from version 1").click()
    page.get_by_text("Made draft version 2").wait_for()

    page.get_by_role("link", name="Publish", exact=True).click()
    page.wait_for_url("**/publish/")
    page.get_by_text("Version 1, published now, will be retired").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Publish version 2").click()
    page.get_by_text("Published version 2").wait_for()
    published.refresh_from_db()
    assert published.status == FrameworkVersion.Status.RETIRED
    assert FrameworkVersion.objects.get(framework=published.framework, number=2).status == "published"
