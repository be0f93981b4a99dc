import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workforce.models import StaffProfile

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
        (["a@example.org,A,B,Practitioner,World L&D,,,", "A@example.org,A,C,Practitioner,World L&D,,,"],
         "a@example.org is also on row 2"),
        (["a@example.org,A,,Practitioner,World L&D,,,"], "last name: This cannot be blank."),
        (["a@example.org,A,B,Practitioner,World L&D,nobody@example.org,,"],
         "There is no one with the email nobody@example.org"),
        (["a@example.org,A,B,Practitioner,World L&D,,,Administrator"],
         "Only an administrator can make someone Administrator"),
        (["a@example.org,A,B,Practitioner,World L&D,,,Boss"], "We do not know Boss"),
        (["a@example.org,A,B,Practitioner,World L&D,,not a date,"], "start date"),
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
        (HEADER.encode() + "é@example.org,Zoë,Ä,Practitioner,World L&D,,,\n".encode("latin-1"), "staff.csv",
         "not saved as UTF-8"),
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
