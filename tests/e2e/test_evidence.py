"""A staff member adds a certificate and a link as evidence on a phone; their manager opens the certificate
from the review."""

from playwright.sync_api import expect

from tests.competencies.evidence.url_table import PDF
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.test_assessment_flow import PASSWORD, _people
from tests.factories.assessments import rate_all, small_framework, start


def test_evidence_is_added_on_a_phone_and_opened_by_the_manager(phone_page, page, transactional_db, tmp_path):
    framework = small_framework()
    staff, _manager = _people()
    assessment = start(staff, framework)
    certificate = tmp_path / "Tom Reid safeguarding.pdf"
    certificate.write_bytes(PDF)

    sign_in(phone_page, "tom.reid@example.org", PASSWORD)
    phone_page.wait_for_url("**/my/")
    phone_page.goto(f"/assessments/{assessment.pk}/domains/{framework.domains[0].pk}/")
    phone_page.get_by_role("link", name="Add files or links for C01").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Evidence for C01 Competence 1")
    assert_accessible(phone_page)

    phone_page.get_by_role("button", name="Add it").click()
    expect(phone_page.get_by_role("alert")).to_be_visible()
    assert_accessible(phone_page)

    phone_page.get_by_label("What is it?").fill("Safeguarding certificate")
    phone_page.get_by_label("Upload a file (optional)").set_input_files(str(certificate))
    phone_page.get_by_role("button", name="Add it").click()
    expect(phone_page.get_by_text("“Safeguarding certificate” is added to C01.")).to_be_visible()
    phone_page.get_by_label("What is it?").fill("Court skills course")
    phone_page.get_by_label("Or a web link (optional)").fill("https://learning.example.org/court")
    phone_page.get_by_role("button", name="Add it").click()
    expect(phone_page.get_by_role("link", name="Court skills course")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Back to the assessment").click()

    rate_all(assessment, framework)
    sign_in(page, "priya.shah@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto(f"/assessments/{assessment.pk}/review/")
    expect(page.get_by_role("link", name="Court skills course")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Safeguarding certificate").click()
    assert download.value.suggested_filename == "safeguarding-certificate.pdf"
    assert download.value.path().read_bytes() == PDF
    assert_accessible(page)
