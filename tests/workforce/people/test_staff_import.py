import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles
from workforce.models import StaffProfile
from workforce.people import services

URL = reverse("workforce:staff-import")
HEADER = "email,first_name,last_name,job_title,service,line_manager_email,start_date,kinds\n"


def _csv(*rows, header=HEADER):
    return (header + "".join(row + "\n" for row in rows)).encode()


def _upload(client, content, name="staff.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def manager(world, client):
    client.force_login(world.user("service_manager"))
    return world


def _people():
    return set(get_user_model().objects.values_list("email", flat=True))


def test_good_csv_is_previewed_then_imported_on_confirm(manager, client):
    before = _people()
    content = _csv(
        "lee.manager@example.org,Lee,Manager,Team leader,World L&D,,31/01/2025,Staff member; Line manager",
        "jo.bloggs@example.org,Jo,Bloggs,Practitioner,World L&D,lee.manager@example.org,2025-02-01,",
    )
    preview = _upload(client, content)
    page = preview.content.decode()
    assert "Check the 2 people in staff.csv" in page
    assert "2 new and 0 already" in page
    assert _people() == before, "the preview must not save anyone"

    response = client.post(URL, {"confirm": "1", "token": preview.context["token"]}, follow=True)
    assert "Imported staff.csv: 2 new, 0 updated." in response.content.decode()
    jo = StaffProfile.objects.get(user__email="jo.bloggs@example.org")
    assert jo.line_manager.user.email == "lee.manager@example.org"
    assert jo.start_date.isoformat() == "2025-02-01"
    assert jo.service == manager.service
    lee = get_user_model().objects.get(email="lee.manager@example.org")
    assert set(lee.groups.values_list("name", flat=True)) == {"Staff member", "Line manager"}


def test_reimport_updates_people_matched_on_email(manager, client):
    staff = manager.profile("staff_member")
    content = _csv(f"{staff.user.email.upper()},New,Name,Senior practitioner,World L&D,,,")
    preview = _upload(client, content)
    assert "0 new and 1 already" in preview.content.decode()
    client.post(URL, {"confirm": "1", "token": preview.context["token"]})
    staff.refresh_from_db()
    assert staff.job_title == "Senior practitioner"
    assert staff.user.first_name == "New"


def test_good_xlsx_imports(manager, client):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["ash.x@example.org", "Ash", "X", "STR worker", "World L&D", None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = _upload(client, buffer.getvalue(), name="staff.xlsx")
    assert "Check the 1 people in staff.xlsx" in preview.content.decode()
    client.post(URL, {"confirm": "1", "token": preview.context["token"]})
    assert StaffProfile.objects.filter(user__email="ash.x@example.org").exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["a@example.org,A,B,Practitioner,Nowhere L&D,,,"], "There is no service called &#x27;Nowhere L&amp;D&#x27;"),
        (["a@example.org,A,B,Practitioner,Other L&D,,,"], "You cannot add staff to Other L&amp;D"),
        (
            ["a@example.org,A,B,Practitioner,World L&D,,,", "A@example.org,A,C,Practitioner,World L&D,,,"],
            "a@example.org is also on row 2",
        ),
        (["a@example.org,A,,Practitioner,World L&D,,,"], "last name: This cannot be blank."),
        (
            ["a@example.org,A,B,Practitioner,World L&D,nobody@example.org,,"],
            "There is no one with the email nobody@example.org",
        ),
        (
            ["a@example.org,A,B,Practitioner,World L&D,,,Administrator"],
            "Only an administrator can make someone Administrator",
        ),
        (["a@example.org,A,B,Practitioner,World L&D,,,Boss"], "We do not know Boss"),
        (["a@example.org,A,B,Practitioner,World L&D,,not a date,"], "start date"),
        (["a@example.org,A,B,Practitioner,World L&D,,01/01/1900,"], "Start date must be between 1 January 1960"),
        (["a@example.org,A,B,Practitioner,World L&D,,2100-01-31,"], "(a year from today)"),
    ],
)
def test_bad_rows_are_reported_by_number_and_nothing_is_saved(manager, client, rows, message):
    good = "good.person@example.org,Good,Person,Practitioner,World L&D,,,"
    before = _people()
    response = _upload(client, _csv(good, *rows))
    page = response.content.decode()
    assert "Nothing has been saved" in page
    assert message in page
    assert "Row 3" in page or "Row 4" in page
    assert response.context["token"] == ""
    assert _people() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "staff.csv", "The file is empty"),
        (HEADER.encode(), "staff.csv", "has a header row but no people"),
        (b"email,first_name,job_title,service\nx@example.org,X,Y,World L&D\n", "staff.csv", "has no last_name column"),
        (
            HEADER.encode() + "é@example.org,Zoë,Ä,Practitioner,World L&D,,,\n".encode("latin-1"),
            "staff.csv",
            "not saved as UTF-8",
        ),
        (b"this is not a workbook", "staff.xlsx", "not an Excel workbook"),
        (b"%PDF-1.7\x00\x01", "staff.csv", "not a text file"),
        (b"anything", "staff.pdf", "Upload a .csv or .xlsx file"),
        (HEADER.encode() + b"x" * (2 * 1024 * 1024), "staff.csv", "larger than 2 MB"),
    ],
)
def test_unreadable_files_are_refused_with_a_plain_message(manager, client, content, name, message):
    before = _people()
    response = _upload(client, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _people() == before


def test_preview_token_cannot_be_replayed(manager, client):
    preview = _upload(client, _csv("a@example.org,A,B,Practitioner,World L&D,,,"))
    token = preview.context["token"]
    client.post(URL, {"confirm": "1", "token": token})
    response = client.post(URL, {"confirm": "1", "token": token}, follow=True)
    assert "That preview has expired" in response.content.decode()


def test_template_downloads_have_every_column(manager, client):
    csv_text = client.get(reverse("workforce:staff-import-template", kwargs={"file_format": "csv"})).content
    assert csv_text.decode("utf-8-sig").splitlines()[0] == HEADER.strip()
    xlsx = client.get(reverse("workforce:staff-import-template", kwargs={"file_format": "xlsx"})).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert [cell.value for cell in sheet[1]] == HEADER.strip().split(",")
    assert sheet["E2"].value == "World L&D"


def _kinds(user):
    return set(user.groups.values_list("name", flat=True))


def _refused(client, *rows):
    """Upload the rows and return the page, checking it says nothing was saved and offers no confirm."""
    response = _upload(client, _csv(*rows))
    assert response.status_code == 200
    assert response.context["token"] == ""
    page = response.content.decode()
    assert "Nothing has been saved" in page
    return page


@pytest.fixture
def elsewhere(world):
    """A member of staff in the other service, with their own line manager there."""
    their_manager = StaffProfileFactory(service=world.other_service, user=UserFactory(username="boss@other.org"))
    return StaffProfileFactory(
        service=world.other_service,
        line_manager=their_manager,
        user=UserFactory(username="kim@other.org", first_name="Kim", last_name="Other"),
    )


def test_service_manager_cannot_take_over_another_services_staff_member(manager, client, elsewhere):
    manager_email = manager.user("service_manager").email
    page = _refused(client, f"{elsewhere.user.email},Taken,Over,Practitioner,World L&D,{manager_email},,")
    assert escape(services.OUTSIDE_YOUR_SERVICE) in page
    assert "Row 2" in page
    assert "Other L&amp;D" not in page, "the error must not say which service the person is in"
    line_manager_before = elsewhere.line_manager
    elsewhere.refresh_from_db()
    assert elsewhere.service == manager.other_service
    assert elsewhere.line_manager == line_manager_before
    assert elsewhere.user.first_name == "Kim"


def test_service_manager_cannot_give_a_staff_profile_to_an_account_outside_their_service(manager, client):
    commissioner = manager.user("commissioner")
    kinds_before = _kinds(commissioner)
    page = _refused(client, f"{commissioner.email},Com,Missioner,Practitioner,World L&D,,,Line manager")
    assert escape(services.OUTSIDE_YOUR_SERVICE) in page
    assert not StaffProfile.objects.filter(user=commissioner).exists()
    assert _kinds(commissioner) == kinds_before


def test_line_manager_from_another_service_is_refused_like_an_unknown_email(manager, client, elsewhere):
    page = _refused(client, f"new.person@example.org,New,Person,Practitioner,World L&D,{elsewhere.user.email},,")
    assert f"There is no one with the email {elsewhere.user.email} in World L&amp;D to be the line manager" in page
    assert "Other L&amp;D" not in page
    assert not StaffProfile.objects.filter(user__email="new.person@example.org").exists()


def test_naming_someone_as_their_own_line_manager_is_a_row_error(manager, client):
    staff = manager.profile("staff_member")
    email = staff.user.email
    page = _refused(client, f"{email},Sam,Self,Practitioner,World L&D,{email},,")
    assert escape(services.OWN_LINE_MANAGER.format(person="Sam Self")) in page
    staff.refresh_from_db()
    assert staff.line_manager == manager.profile("line_manager")


def test_new_person_naming_themselves_as_line_manager_is_told_so(manager, client):
    page = _refused(client, "new.person@example.org,New,Person,Practitioner,World L&D,new.person@example.org,,")
    assert escape(services.OWN_LINE_MANAGER.format(person="New Person")) in page


def test_line_manager_loop_within_the_file_is_a_row_error(manager, client):
    peer = manager.profile("peer_worker")
    page = _refused(
        client,
        f"ash.new@example.org,Ash,New,Practitioner,World L&D,{peer.user.email},,",
        f"{peer.user.email},Pat,Peer,Peer worker,World L&D,ash.new@example.org,,",
    )
    message = services.LINE_MANAGER_LOOP.format(person="Pat Peer", manager="Ash New", chain="Pat Peer")
    assert f"Row 3: {escape(message)}" in page
    assert "Row 2:" not in page
    peer.refresh_from_db()
    assert peer.line_manager is None
    assert not StaffProfile.objects.filter(user__email="ash.new@example.org").exists()


def test_line_manager_loop_between_the_file_and_saved_people_is_a_row_error(manager, client):
    # Saved already: the staff member reports to the line manager, who reports to the service manager.
    staff, service_manager = manager.profile("staff_member"), manager.profile("service_manager")
    page = _refused(client, f"{service_manager.user.email},Sue,Manager,Service manager,World L&D,{staff.user.email},,")
    message = services.LINE_MANAGER_LOOP.format(
        person="Sue Manager",
        manager=staff.display_name,
        chain=f"{manager.profile('line_manager').display_name}, who reports to Sue Manager",
    )
    assert escape(message) in page
    service_manager.refresh_from_db()
    assert service_manager.line_manager is None
    assert service_manager.user.first_name != "Sue"


def test_staff_upsert_refuses_a_line_manager_loop_for_every_caller(world):
    line_manager = world.profile("line_manager")
    with pytest.raises(ValidationError, match="cannot report to"):
        services.staff_upsert(
            email=line_manager.user.email,
            first_name="Lee",
            last_name="Loop",
            service=world.service,
            job_title="Team leader",
            line_manager=world.profile("staff_member"),
        )
    line_manager.refresh_from_db()
    assert line_manager.line_manager == world.profile("service_manager")


def test_service_managers_reimport_keeps_kinds_it_may_not_give(manager, client):
    senior = StaffProfileFactory(
        service=manager.service,
        user=UserFactory(username="senior@example.org", kinds=[roles.ADMINISTRATOR, roles.SERVICE_MANAGER]),
    )
    preview = _upload(
        client,
        _csv(
            "senior@example.org,Senior,Person,Director,World L&D,,,Staff member",
            f"{manager.user('service_manager').email},Me,Myself,Service manager,World L&D,,,",
        ),
    )
    assert "0 new and 2 already" in preview.content.decode()
    client.post(URL, {"confirm": "1", "token": preview.context["token"]})
    senior.refresh_from_db()
    assert senior.job_title == "Director"
    assert _kinds(senior.user) == {"Administrator", "Service manager", "Staff member"}
    assert "Service manager" in _kinds(manager.user("service_manager"))


def test_administrator_can_move_someone_between_services(world, client, elsewhere):
    client.force_login(world.user("administrator"))
    manager_email = world.user("service_manager").email
    preview = _upload(client, _csv(f"{elsewhere.user.email},Kim,Other,Practitioner,World L&D,{manager_email},,"))
    assert "0 new and 1 already" in preview.content.decode()
    client.post(URL, {"confirm": "1", "token": preview.context["token"]})
    elsewhere.refresh_from_db()
    assert elsewhere.service == world.service
    assert elsewhere.line_manager == world.profile("service_manager")


def test_start_dates_have_bounds_that_name_the_field():
    import datetime

    from workforce.people.models import start_date_problem

    today = datetime.date(2026, 12, 2)
    assert start_date_problem(None, today=today) == ""
    assert start_date_problem(datetime.date(1960, 1, 1), today=today) == ""
    assert start_date_problem(datetime.date(2027, 12, 2), today=today) == ""
    assert start_date_problem(datetime.date(2027, 12, 3), today=today).startswith("Start date must be between")
    assert "1 January 1960 and 2 December 2027" in start_date_problem(datetime.date(1959, 12, 31), today=today)
    assert start_date_problem(datetime.date(2029, 3, 1), today=datetime.date(2028, 2, 29)) != ""
