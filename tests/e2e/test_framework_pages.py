"""A staff member browses the framework: ladder, a role profile, a comparison and a search, all accessible."""

from playwright.sync_api import expect

from competencies.framework.services import framework_load_shipped
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles


def test_staff_member_browses_the_framework(page, phone_page):
    framework_load_shipped()
    user = UserFactory(username="chris.hall@example.org", first_name="Chris", kinds=[roles.STAFF_MEMBER])
    StaffProfileFactory(user=user)

    sign_in(page, "chris.hall@example.org", "pathways-test-password")
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Career framework").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "L&D Workforce Career and Competency Framework"
    expect(page.get_by_text("project's own encoding of the framework's structure")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Peer support worker", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Peer support worker"
    expect(page.get_by_role("heading", name="Engaging people and using lived experience")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("To role profile").select_option("str-worker")
    page.get_by_role("button", name="Compare").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "What changes from peer support worker to support time recovery worker"
    )
    assert_accessible(page)

    page.goto(page.url.split("/compare/")[0] + "/competences/")
    page.get_by_label("Search competences").fill("safeguard")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="LD-RSK-03 Safeguard adults at risk")).to_be_visible()
    assert_accessible(page)

    sign_in(phone_page, "chris.hall@example.org", "pathways-test-password")
    phone_page.goto(page.url.split("/competences/")[0] + "/compare/?first=practitioner&second=specialist-practitioner")
    expect(phone_page.get_by_role("table").first).to_be_visible()
    assert_accessible(phone_page)
    full = phone_page.evaluate("document.documentElement.scrollHeight")
    phone_page.get_by_label("Show only the competences that change").check()
    phone_page.get_by_role("button", name="Compare").click()
    expect(phone_page.get_by_text("Showing only the competences that change.")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollHeight") < full
    assert_accessible(phone_page)


def test_administrator_imports_a_file_after_seeing_its_problems_and_a_preview(page, tmp_path):
    from competencies.framework.services import framework_version_copy
    from competencies.models import Competence

    draft = framework_version_copy(version=framework_load_shipped()[0])
    UserFactory(username="ada.admin@example.org", first_name="Ada", kinds=[roles.ADMINISTRATOR])
    header = (
        "Domain code,Domain name,Code,Parent code,Title,What the person does,"
        "What they need to know and understand,NOS code\n"
    )
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(header + "ENG,,X-1,X-2,One,,,\nENG,,X-2,X-1,Two,,,\n", encoding="utf-8")
    good.write_text(header + "ENG,,X-1,,Welcome people,,,\n", encoding="utf-8")

    sign_in(page, "ada.admin@example.org", "pathways-test-password")
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Import and export the framework").click()
    assert_accessible(page)

    page.get_by_label("Framework file", exact=True).set_input_files(str(bad))
    page.get_by_label("Spreadsheet (CSV, competences only)").check()
    page.get_by_label("Where should it go?").select_option(str(draft.pk))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="The file was not imported")).to_be_visible()
    expect(page.get_by_text("X-1 sits inside itself through its parents (a loop)")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Framework file", exact=True).set_input_files(str(good))
    page.get_by_label("Spreadsheet (CSV, competences only)").check()
    page.get_by_label("Where should it go?").select_option(str(draft.pk))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check before you import")).to_be_visible()
    plan = page.get_by_role("table", name="What the import will do").get_by_role("row").filter(has_text="X-1")
    assert plan.locator('[data-kind="created"]').inner_text() == "1: X-1"
    assert_accessible(page)
    page.get_by_role("button", name="Import this file").click()
    expect(page.get_by_text("Imported into")).to_be_visible()
    assert Competence.objects.get(version=draft, code="X-1").title == "Welcome people"
