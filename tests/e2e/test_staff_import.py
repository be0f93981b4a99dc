from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles
from workforce.models import StaffProfile


def test_service_manager_imports_staff_after_seeing_a_preview(page, tmp_path):
    service = ServiceFactory(name="Riverside L&D")
    manager = UserFactory(
        username="sam@example.org", first_name="Sam", kinds=[roles.SERVICE_MANAGER, roles.STAFF_MEMBER]
    )
    StaffProfileFactory(user=manager, service=service)
    good = tmp_path / "staff.csv"
    good.write_text(
        "email,first_name,last_name,job_title,service,line_manager_email,start_date,kinds\n"
        "jo@example.org,Jo,Bloggs,Practitioner,Riverside L&D,sam@example.org,01/02/2025,\n"
        "ash@example.org,Ash,Khan,STR worker,Riverside L&D,,,\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "email,first_name,last_name,job_title,service,line_manager_email,start_date,kinds\n"
        "kim@example.org,Kim,Lee,Practitioner,Nowhere L&D,,,\n"
    )

    sign_in(page, "sam@example.org", "pathways-test-password")
    page.get_by_role("link", name="Import staff").click()
    assert_accessible(page)

    page.get_by_label("Upload a spreadsheet of staff").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    assert "Row 2:" in page.get_by_role("alert").inner_text()
    assert "There is no service called 'Nowhere L&D'" in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Upload a different file").click()
    page.get_by_label("Upload a spreadsheet of staff").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check the 2 people in staff.csv"
    assert_accessible(page)
    assert not StaffProfile.objects.filter(user__email="jo@example.org").exists()

    page.get_by_role("button", name="Confirm and import 2 people").click()
    assert "Imported staff.csv: 2 new, 0 updated." in page.get_by_role("status").inner_text()
    assert_accessible(page)
    assert StaffProfile.objects.get(user__email="jo@example.org").line_manager.user == manager
