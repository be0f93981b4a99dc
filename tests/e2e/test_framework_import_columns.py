"""An administrator imports a Moodle file whose columns are in another order under a foreign header: they
say which column is which, correct a column chosen twice, check the preview and import, at desktop and
phone widths, with axe checking each page."""

from pathlib import Path

from playwright.sync_api import expect

from competencies.framework.exchange import moodle
from competencies.models import Competence, Framework
from tests.e2e.conftest import WIDTHS, assert_accessible, shot, sign_in
from tests.factories.workforce import UserFactory
from workforce import roles

FILE = Path(__file__).parent.parent / "competencies/framework/exchange/files/moodle_dutch_reordered.csv"
# For each column of the file, the Moodle field it holds.
FIELDS = [1, 2, 0, 12, 3, 4, 5, 6, 10, 11, 7, 8, 9, 13]


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[page.width_name]


def test_administrator_chooses_what_each_column_holds_then_imports(sized_page):
    page = sized_page
    UserFactory(username="ada.admin@example.org", first_name="Ada", kinds=[roles.ADMINISTRATOR])
    sign_in(page, "ada.admin@example.org", "pathways-test-password")
    page.wait_for_url("**/my/")
    page.goto("/framework/exchange/")
    page.get_by_label("Framework file", exact=True).set_input_files(str(FILE))
    page.get_by_label("Moodle competency framework (CSV)").check()
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose what each column holds")
    expect(page.get_by_text("First value: DIGI-NL")).to_be_visible()
    assert_accessible(page)
    _fits(page)
    shot(page, f"framework-import-columns-{page.width_name}")

    selects = page.locator("select")
    assert selects.count() == len(FIELDS)
    for index, field in enumerate(FIELDS):
        selects.nth(index).select_option(str(field))
    page.get_by_label("Column N, headed ‘Taxonomie’").select_option(str(moodle.SHORTNAME))
    page.get_by_role("button", name="Read the file with these columns").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Column N (Taxonomie) and column B (Korte naam) are both chosen as Short name")
    assert_accessible(page)
    _fits(page)

    summary.get_by_role("link").first.click()
    page.get_by_label("Column N, headed ‘Taxonomie’").select_option(str(moodle.TAXONOMY_COLUMN))
    page.get_by_role("button", name="Read the file with these columns").click()
    expect(page.get_by_role("heading", name="Check before you import")).to_be_visible()
    plan = page.get_by_role("table", name="What the import will do").get_by_role("row").filter(has_text="Competences")
    expect(plan.locator('[data-kind="created"]')).to_contain_text("3")
    assert not Framework.objects.exists()
    assert_accessible(page)
    _fits(page)

    page.get_by_role("button", name="Import this file").click()
    expect(page.get_by_text("Imported into")).to_be_visible()
    assert_accessible(page)
    framework = Framework.objects.get(identifier="DIGI-NL")
    assert Competence.objects.get(version__framework=framework, code="COM-1a").parent.code == "COM-1"
