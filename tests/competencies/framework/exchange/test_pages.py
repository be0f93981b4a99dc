"""The import and export pages: download in each format, upload with a preview, refuse bad files plainly."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competencies.framework import services
from competencies.framework.exchange import spreadsheet
from competencies.framework.exchange.formats import FORMATS
from competencies.framework.selectors import framework_data
from competencies.models import Competence, FrameworkVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    return services.framework_load_shipped()[0]


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.user("administrator"))
    return client


def test_anyone_signed_in_can_download_a_published_version(client, world, shipped):
    client.force_login(world.user("peer_worker"))
    page = client.get(reverse("competencies:framework-exchange")).content.decode()
    assert "Moodle competency framework (CSV)" in page
    assert "Check the file" not in page
    response = client.get(reverse("competencies:framework-export", kwargs={"pk": shipped.pk, "fmt": "moodle"}))
    assert response["Content-Disposition"].endswith('-v1-moodle.csv"')
    assert response.content.startswith(b"Parent ID number,ID number,Short name")


def test_admin_uploads_checks_the_preview_then_imports(admin_client, shipped):
    draft = services.framework_version_copy(version=shipped)
    raw = spreadsheet.export(framework_data(draft), "csv").decode("utf-8-sig")
    raw = raw.replace("Build trust with a person at a point of crisis", "Build trust with someone in crisis")
    width = raw.splitlines()[0].count(",")  # every row has a cell for every column, as a spreadsheet writes it
    raw += "ENG,,LD-ENG-99,,Welcome people to the service" + "," * (width - 4) + "\n"
    upload = SimpleUploadedFile("competences.csv", raw.encode(), content_type="text/csv")
    response = admin_client.post(
        reverse("competencies:framework-import"), {"file": upload, "format": "csv", "into": draft.pk}
    )
    page = response.content.decode()
    assert "Check before you import" in page
    assert _kind_row(page, "Competences") == {
        "created": "1: LD-ENG-99",
        "changed": "1: LD-ENG-01",
        "kept": "52",
        "dropped": "0",
    }
    assert "Role profiles" not in page  # a CSV file does not carry them, so they are left as they are
    assert 'name="drop"' not in page
    assert "raw" not in admin_client.session["framework_import"]  # the file waits on disk, not in the session
    assert not Competence.objects.filter(code="LD-ENG-99").exists()

    response = admin_client.post(reverse("competencies:framework-import-confirm"), follow=True)
    assert "Imported into" in response.content.decode()
    assert Competence.objects.get(version=draft, code="LD-ENG-99").title == "Welcome people to the service"
    assert Competence.objects.get(version=draft, code="LD-ENG-01").title == "Build trust with someone in crisis"


def _kind_row(page: str, kind: str) -> dict[str, str]:
    row = re.search(rf'<th scope="row" class="nhsuk-table__header">{kind}</th>(.*?)</tr>', page, re.S).group(1)
    return dict(re.findall(r'data-kind="(\w+)">([^<]*)</td>', row))


def _preview(client, raw, fmt, into, filename="f.json"):
    return client.post(
        reverse("competencies:framework-import"),
        {"file": SimpleUploadedFile(filename, raw), "format": fmt, "into": into.pk if into else ""},
    ).content.decode()


def test_what_is_not_in_a_whole_file_is_removed_only_when_ticked(admin_client, shipped):
    draft = services.framework_version_copy(version=shipped)
    data = framework_data(draft)
    data.competences = [c for c in data.competences if c.code != "LD-ENG-02"]
    data.expectations = [e for e in data.expectations if e.competence != "LD-ENG-02"]
    raw = FORMATS["native"].export(data)
    page = _preview(admin_client, raw, "native", draft)
    assert _kind_row(page, "Competences")["dropped"] == "1: LD-ENG-02"
    assert "Unless you tick this, they stay as they are" in page
    admin_client.post(reverse("competencies:framework-import-confirm"))
    assert Competence.objects.filter(version=draft, code="LD-ENG-02").exists()

    _preview(admin_client, raw, "native", draft)
    admin_client.post(reverse("competencies:framework-import-confirm"), {"drop": "yes"})
    assert not Competence.objects.filter(version=draft, code="LD-ENG-02").exists()


def test_the_import_does_only_what_the_preview_said(admin_client, shipped):
    draft = services.framework_version_copy(version=shipped)
    data = framework_data(draft)
    data.competences[0].title = "Changed in the file"
    _preview(admin_client, FORMATS["native"].export(data), "native", draft)
    Competence.objects.filter(version=draft, code=data.competences[1].code).update(title="Changed meanwhile")
    response = admin_client.post(reverse("competencies:framework-import-confirm"), follow=True)
    assert "The framework has changed since you checked this file" in response.content.decode()
    assert Competence.objects.get(version=draft, code=data.competences[0].code).title != "Changed in the file"


def test_a_bad_upload_lists_its_problems_by_row_and_saves_nothing(admin_client, shipped):
    draft = services.framework_version_copy(version=shipped)
    raw = (
        "Domain code,Domain name,Code,Parent code,Title,What the person does,"
        "What they need to know and understand,NOS code,practitioner\n"
        'ENG,,X-1,,One,,,,"Wizard, core"\nENG,,X-1,NOPE,Two,,,,\n'
    )
    response = admin_client.post(
        reverse("competencies:framework-import"),
        {"file": SimpleUploadedFile("c.csv", raw.encode()), "format": "csv", "into": draft.pk},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing has been saved" in page
    first, second = page.index("row 2, column practitioner"), page.index("row 3 (X-1)</strong>: the parent NOPE")
    assert first < second
    assert admin_client.session.get("framework_import") is None
    assert not Competence.objects.filter(code="X-1").exists()


def test_a_case_package_becomes_a_new_draft_version(admin_client, shipped):
    package = admin_client.get(reverse("competencies:framework-export", kwargs={"pk": shipped.pk, "fmt": "case"}))
    admin_client.post(
        reverse("competencies:framework-import"),
        {"file": SimpleUploadedFile("p.json", package.content), "format": "case", "into": ""},
    )
    admin_client.post(reverse("competencies:framework-import-confirm"))
    new = FrameworkVersion.objects.get(framework=shipped.framework, number=2)
    assert new.status == FrameworkVersion.Status.DRAFT
    assert Competence.objects.filter(version=new).count() == 53


def test_confirm_without_a_preview_says_what_to_do(admin_client, shipped):
    response = admin_client.post(reverse("competencies:framework-import-confirm"), follow=True)
    assert "There is no file waiting to be imported" in response.content.decode()


def test_exchange_page_query_count_does_not_grow_with_versions(admin_client, shipped, django_assert_max_num_queries):
    url = reverse("competencies:framework-exchange")
    with django_assert_max_num_queries(6):
        admin_client.get(url)
    for _ in range(3):
        services.framework_version_copy(version=shipped)
    with django_assert_max_num_queries(6):
        assert "v4" in admin_client.get(url).content.decode()


def test_a_competences_only_file_without_a_draft_gets_one_message_before_it_is_read(admin_client, shipped):
    raw = spreadsheet.export(framework_data(shipped), "csv")
    response = admin_client.post(
        reverse("competencies:framework-import"),
        {"file": SimpleUploadedFile("c.csv", raw), "format": "csv", "into": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "A CSV file holds competences only, so choose the draft version it goes into" in page
    assert "is not in the framework" not in page
    assert admin_client.session.get("framework_import") is None
