"""Slow files are asked for with a form, made as a background task, and collected from a progress page.

Here the ``background`` task backend is the immediate one (the test settings), so the file is made while
the form is posted; tests/workforce/downloads/test_worker.py runs the database backend and its worker.
"""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories.assessments import rate_all, sign_off, small_framework, start
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles
from workforce.common.spreadsheets import XLSX_TYPE
from workforce.downloads import services
from workforce.downloads.models import Download
from workforce.downloads.tasks import download_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    framework = small_framework()
    for index in range(3):
        person = StaffProfileFactory(
            service=world.service,
            line_manager=world.profile("line_manager"),
            user=UserFactory(last_name=f"Person{index:02d}", kinds=[roles.STAFF_MEMBER]),
        )
        assessment = rate_all(start(person, framework), framework, value=3, C01=1)
        sign_off(assessment, framework, world.user("service_manager"), value=3, C01=1)
    return framework


def ask_for_heatmap(client, **filters):
    return client.post(reverse("competencies:team-export", args=["xlsx"]), filters)


def test_a_service_manager_asks_for_the_heatmap_and_downloads_it_from_the_progress_page(client, world, team):
    client.force_login(world.user("service_manager"))
    team_page = client.get(reverse("competencies:team")).content.decode()
    assert f'<form method="post" action="{reverse("competencies:team-export", args=["xlsx"])}"' in team_page

    asked = ask_for_heatmap(client, domain="D1")

    download = Download.objects.get()
    assert asked.status_code == 302 and asked.url == f"/downloads/{download.pk}/"
    assert (download.requested_by, download.kind, download.parameters) == (
        world.user("service_manager"),
        "team_heatmap_xlsx",
        {"role_profile": "", "domain": "D1"},
    )
    assert download.status == Download.Status.READY and download.file.name.startswith("downloads/")
    assert download.expires_at - download.created_at == datetime.timedelta(days=1)
    page = client.get(asked.url).content.decode()
    assert "Your file is ready." in page and 'role="status"' in page
    # The title says how it stands, so a screen reader announces it as the page reloads.
    assert "<title>Ready to download: Team competences spreadsheet – L&amp;D Pathways</title>" in page
    assert 'http-equiv="refresh"' not in page
    file_url = reverse("workforce:download-file", args=[download.pk])
    assert f'href="{file_url}"' in page

    response = client.get(file_url)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="team-competences.xlsx"'
    assert "no-store" in response["Cache-Control"]
    grid = openpyxl.load_workbook(io.BytesIO(response.content))["Heatmap"]
    # The filter asked for (one domain) is the one the spreadsheet was made with: three people, D1's columns.
    assert [c.value for c in grid[2]][:5] == ["Name", "Role profile", "C01", "C02", "C03"]
    assert grid["C3"].value == "−2"
    assert sum("Person0" in str(row[0].value) for row in grid.iter_rows(min_row=3)) == 3


def test_the_progress_page_refreshes_and_says_so_while_the_file_is_being_made(client, world):
    download = services.download_create(user=world.user("service_manager"), kind="team_heatmap_xlsx", parameters={})
    client.force_login(world.user("service_manager"))

    page = client.get(reverse("workforce:download-detail", args=[download.pk])).content.decode()

    assert '<meta http-equiv="refresh" content="5">' in page
    assert "<title>Waiting to start: Team competences spreadsheet" in page
    assert "checks again every 5 seconds" in page
    assert reverse("workforce:download-file", args=[download.pk]) not in page
    assert client.get(reverse("workforce:download-file", args=[download.pk])).status_code == 404


def test_the_progress_page_stops_reloading_itself_when_asked(client, world):
    download = services.download_create(user=world.user("service_manager"), kind="team_heatmap_xlsx", parameters={})
    client.force_login(world.user("service_manager"))
    url = reverse("workforce:download-detail", args=[download.pk])
    assert 'href="?refresh=off">Stop checking automatically' in client.get(url).content.decode()

    page = client.get(url, {"refresh": "off"}).content.decode()

    assert 'http-equiv="refresh"' not in page
    assert 'href="?refresh=off">Check again' in page and f'href="{url}">Check automatically' in page


def test_a_file_that_is_not_made_for_a_long_time_says_what_to_do(client, world):
    download = services.download_create(user=world.user("service_manager"), kind="team_heatmap_xlsx", parameters={})
    client.force_login(world.user("service_manager"))
    url = reverse("workforce:download-detail", args=[download.pk])
    assert "taking longer than it should" not in client.get(url).content.decode()
    Download.objects.filter(pk=download.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=11))

    assert "This is taking longer than it should" in client.get(url).content.decode()


@pytest.mark.parametrize("status", [Download.Status.WAITING, Download.Status.WORKING])
def test_a_file_an_hour_late_is_shown_as_not_made_and_stops_reloading(client, world, status):
    """Its worker died hard, or never came: waiting for ever helps nobody."""
    download = services.download_create(user=world.user("service_manager"), kind="team_heatmap_xlsx", parameters={})
    Download.objects.filter(pk=download.pk).update(
        status=status, created_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    client.force_login(world.user("service_manager"))

    page = client.get(reverse("workforce:download-detail", args=[download.pk])).content.decode()

    assert "The file could not be made" in page and "the service that makes files may have stopped" in page
    assert 'http-equiv="refresh"' not in page
    download.refresh_from_db()
    assert download.status == Download.Status.FAILED and download.finished_at is not None


def test_a_late_file_is_left_alone_until_the_hour_is_up_and_the_daily_clean_marks_the_rest(client, world):
    user = world.user("service_manager")
    late, recent, made = (services.download_create(user=user, kind="team_heatmap_xlsx", parameters={}) for _ in "abc")
    hour_ago = timezone.now() - datetime.timedelta(minutes=61)
    Download.objects.filter(pk=late.pk).update(created_at=hour_ago, status=Download.Status.WORKING)
    Download.objects.filter(pk=made.pk).update(created_at=hour_ago, status=Download.Status.READY)
    client.force_login(user)
    assert (
        "The file could not be made"
        not in client.get(reverse("workforce:download-detail", args=[recent.pk])).content.decode()
    )
    out = io.StringIO()

    call_command("clean_downloads", stdout=out)

    statuses = dict(Download.objects.values_list("pk", "status"))
    assert statuses == {late.pk: "failed", recent.pk: "waiting", made.pk: "ready"}
    assert "Marked 1 download not made in time as failed." in out.getvalue()


def test_the_training_report_spreadsheet_is_made_for_the_period_asked_for(client, world):
    client.force_login(world.user("participation_lead"))
    page = client.get(reverse("workforce:training-report"), {"start": "2026-01-05"}).content.decode()
    assert '<input type="hidden" name="start" value="2026-01-05">' in page

    asked = client.post(reverse("workforce:training-report-xlsx"), {"start": "2026-01-05"})

    download = Download.objects.get()
    assert asked.url == reverse("workforce:download-detail", args=[download.pk])
    assert download.parameters == {"start": "2026-01-05"}
    response = client.get(reverse("workforce:download-file", args=[download.pk]))
    summary = dict(openpyxl.load_workbook(io.BytesIO(response.content))["Summary"].iter_rows(values_only=True))
    assert summary["From"].date() == datetime.date(2026, 1, 5)
    assert response["Content-Disposition"] == f'attachment; filename="youth-led-training-{timezone.localdate()}.xlsx"'


def test_the_audit_trail_spreadsheet_is_made_for_the_search_on_the_page(client, world):
    from workforce.audit.views import CHANGE_HEADERS

    client.force_login(world.user("administrator"))
    page = client.get(reverse("workforce:audit-trail"), {"show": "changes", "subject": "World", "page": 2})
    assert '<input type="hidden" name="subject" value="World">' in page.content.decode()
    assert 'name="page"' not in page.content.decode().split('action="/audit/export.xlsx"', 1)[1].split("</form>")[0]

    asked = client.post(reverse("workforce:audit-trail-export", args=["xlsx"]), {"show": "changes", "page": "2"})

    download = Download.objects.get()
    assert asked.url == reverse("workforce:download-detail", args=[download.pk])
    assert (download.kind, download.parameters) == ("audit_trail_xlsx", {"show": ["changes"]})
    response = client.get(reverse("workforce:download-file", args=[download.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="audit-trail-changes.xlsx"'
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["Audit trail"].iter_rows(values_only=True))
    assert list(rows[0]) == CHANGE_HEADERS and len(rows) > 1


def test_a_download_is_only_for_the_person_who_asked(client, world, team):
    client.force_login(world.user("service_manager"))
    download = Download.objects.get(pk=ask_for_heatmap(client).url.split("/")[2])
    pages = [
        reverse("workforce:download-detail", args=[download.pk]),
        reverse("workforce:download-file", args=[download.pk]),
    ]

    for kind in ("line_manager", "administrator", "staff_member"):
        client.force_login(world.user(kind))
        assert [client.get(url).status_code for url in pages] == [404, 404], kind
        assert download.filename not in client.get(reverse("workforce:download-list")).content.decode()
    client.logout()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_someone_who_may_not_see_the_team_cannot_ask_for_its_spreadsheet(client, world):
    client.force_login(world.user("staff_member"))
    assert ask_for_heatmap(client).status_code == 403
    assert client.get(reverse("competencies:team-export", args=["xlsx"])).status_code == 403
    assert not Download.objects.exists()


def test_a_build_that_fails_shows_a_plain_message(client, world, monkeypatch):
    def broken(team_heatmap):
        raise RuntimeError("openpyxl ran out of something")

    monkeypatch.setattr("competencies.assessments.heatmap.team_export_workbook", broken)
    client.force_login(world.user("service_manager"))

    page = client.get(ask_for_heatmap(client).url).content.decode()

    assert Download.objects.get().status == Download.Status.FAILED
    assert "The file could not be made" in page
    assert services.WENT_WRONG in page
    assert "openpyxl" not in page and 'http-equiv="refresh"' not in page


def test_a_person_who_lost_access_before_the_file_was_made_is_told_why(world):
    lead = world.user("participation_lead")
    download = services.download_create(user=lead, kind="training_report_xlsx", parameters={})
    lead.groups.clear()
    lead = type(lead).objects.get(pk=lead.pk)

    assert services.download_build(download_id=str(download.pk)) == "failed"

    download.refresh_from_db()
    assert download.error == services.NO_LONGER_ALLOWED and not download.file


def test_a_download_is_made_once(world):
    download = download_request(user=world.user("participation_lead"), kind="training_report_xlsx", parameters={})
    name = Download.objects.get().file.name

    assert services.download_build(download_id=str(download.pk)) == "skipped"
    assert Download.objects.get().file.name == name


def test_expired_downloads_and_their_files_are_deleted(world):
    kept = download_request(user=world.user("participation_lead"), kind="training_report_xlsx", parameters={})
    old = download_request(user=world.user("participation_lead"), kind="training_report_xlsx", parameters={})
    old.refresh_from_db()
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    Download.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    now = timezone.now()
    queued = {"task_path": "a.b", "args_kwargs": {}, "backend_name": "background", "run_after": now}
    finished = {"status": TaskResultStatus.SUCCESSFUL, **queued}
    DBTaskResult.objects.create(finished_at=now - datetime.timedelta(days=2), **finished)
    recent = DBTaskResult.objects.create(finished_at=now - datetime.timedelta(hours=2), **finished)
    waiting = DBTaskResult.objects.create(**queued)
    out = io.StringIO()

    call_command("clean_downloads", stdout=out)

    assert list(Download.objects.all()) == [kept]
    assert not storage.exists(name)
    assert set(DBTaskResult.objects.all()) == {recent, waiting}
    assert out.getvalue().strip() == "Deleted 1 expired download and 1 finished background task."


def test_a_download_deleted_with_its_person_takes_its_file(world):
    lead = world.user("participation_lead")
    download = download_request(user=lead, kind="training_report_xlsx", parameters={})
    download.refresh_from_db()
    storage, name = download.file.storage, download.file.name

    lead.delete()

    assert not Download.objects.exists() and not storage.exists(name)


def test_your_downloads_lists_only_your_own(client, world):
    mine = download_request(user=world.user("participation_lead"), kind="training_report_xlsx", parameters={})
    services.download_create(user=world.user("service_manager"), kind="team_heatmap_xlsx", parameters={})
    client.force_login(world.user("participation_lead"))

    page = client.get(reverse("workforce:download-list")).content.decode()

    assert reverse("workforce:download-detail", args=[mine.pk]) in page
    assert "Youth-led training report spreadsheet" in page
    assert "Team competences spreadsheet" not in page
    assert 'http-equiv="refresh"' not in page


def test_the_progress_page_leads_back_to_where_the_file_was_asked_for(client, world):
    user = world.user("service_manager")
    client.force_login(user)
    heatmap = services.download_create(user=user, kind="team_heatmap_xlsx", parameters={})
    page = client.get(reverse("workforce:download-detail", args=[heatmap.pk])).content.decode()
    assert f'href="{reverse("competencies:team")}">Team competences</a>' in page
    # A file whose page cannot be found again (its parameters are gone) leads to the person's downloads.
    odd = services.download_create(user=user, kind="assessment_pdf", parameters={})
    page = client.get(reverse("workforce:download-detail", args=[odd.pk])).content.decode()
    assert f'href="{reverse("workforce:download-list")}">Your downloads</a>' in page
