"""A person attaches files and links to a rating; they and their managers open them; nobody else can."""

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competencies.evidence import services
from competencies.models import EvidenceItem
from tests.competencies.evidence.url_table import PDF
from tests.factories.assessments import rate_all, small_framework, start
from workforce.audit import registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    return start(world.profile("staff_member"), small_framework())


def _page(assessment, rating):
    return reverse("competencies:evidence", args=[assessment.pk, rating.pk])


def _upload(name="Jay Smith certificate.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_person_uploads_a_file_and_they_and_their_manager_download_it(client, world, draft):
    rating = draft.ratings.order_by("pk").first()
    client.force_login(world.user("staff_member"))

    response = client.post(_page(draft, rating), {"title": "Safeguarding certificate", "file": _upload()})

    assert response.status_code == 302 and response.url == _page(draft, rating)
    item = EvidenceItem.objects.get(rating=rating)
    # Stored under a name the server made: the uploader's file name (with a person's name in it) is not kept.
    assert item.file.name.startswith("evidence/") and "Jay" not in item.file.name and item.file.name.endswith(".pdf")
    download = reverse("competencies:evidence-download", args=[draft.pk, item.pk])
    page = client.get(_page(draft, rating)).content.decode()
    assert f'href="{download}">Safeguarding certificate</a>' in page
    for user in (world.user("staff_member"), world.user("line_manager")):
        client.force_login(user)
        sent = client.get(download)
        assert sent.status_code == 200 and b"".join(sent.streaming_content) == PDF
        assert sent["Content-Disposition"] == 'attachment; filename="safeguarding-certificate.pdf"'
        assert "no-store" in sent["Cache-Control"]


def test_a_link_is_kept_and_shown_to_the_manager_on_the_review_page(client, world):
    framework = small_framework()
    assessment = start(world.profile("staff_member"), framework)
    rating = assessment.ratings.order_by("pk").first()
    client.force_login(world.user("staff_member"))
    client.post(_page(assessment, rating), {"title": "Court skills course", "link": "https://learning.example.org/c/1"})
    rate_all(assessment, framework)

    client.force_login(world.user("line_manager"))
    review = client.get(reverse("competencies:assessment-review", args=[assessment.pk])).content.decode()

    assert 'href="https://learning.example.org/c/1" rel="noopener noreferrer">Court skills course</a>' in review


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "A page"}, "Upload a file or give a web link: one of the two, not both."),
        ({"title": "A page", "link": "http://example.org/x"}, "Enter a web address that starts with https://."),
        (
            {"title": "A page", "link": "https://example.org/x", "file": "pdf"},
            "Upload a file or give a web link: one of the two, not both.",
        ),
        ({"title": "A page", "file": "html"}, "is not a real PDF file, or it holds scripts or a web page"),
        ({"title": "A page", "file": "exe"}, "This kind of file cannot be uploaded. Upload one of: DOCX, JPEG, JPG"),
    ],
)
def test_what_cannot_be_kept_is_refused_with_a_reason_and_nothing_is_saved(client, world, draft, data, message):
    rating = draft.ratings.order_by("pk").first()
    files = {
        "pdf": _upload(),
        "html": _upload("notes.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),
        "exe": _upload("tool.exe", b"MZ\x90\x00"),
    }
    if "file" in data:
        data = {**data, "file": files[data["file"]]}
    client.force_login(world.user("staff_member"))

    response = client.post(_page(draft, rating), data)

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not EvidenceItem.objects.exists()


def test_a_file_over_the_limit_is_refused(client, world, draft, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_SIZE", 10)
    rating = draft.ratings.order_by("pk").first()
    client.force_login(world.user("staff_member"))
    response = client.post(_page(draft, rating), {"title": "Big", "file": _upload()})
    assert "Files must be smaller than 10" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_a_manager_sees_the_files_but_cannot_add_or_remove(client, world, draft):
    rating = draft.ratings.order_by("pk").first()
    item = services.evidence_add(rating=rating, by=world.user("staff_member"), title="Reflection", file=_upload())
    client.force_login(world.user("line_manager"))

    page = client.get(_page(draft, rating)).content.decode()

    assert "Reflection" in page and "Add a file or a link" not in page and "Remove" not in page
    assert client.post(_page(draft, rating), {"title": "Mine", "link": "https://example.org"}).status_code == 404
    remove = reverse("competencies:evidence-remove", args=[draft.pk, item.pk])
    assert client.post(remove).status_code == 403
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


def test_once_submitted_the_evidence_is_fixed(client, world):
    framework = small_framework()
    assessment = start(world.profile("staff_member"), framework)
    rating = assessment.ratings.order_by("pk").first()
    item = services.evidence_add(
        rating=rating, by=world.user("staff_member"), title="Reflection", link="https://a.example"
    )
    rate_all(assessment, framework)
    client.force_login(world.user("staff_member"))

    assert "Add a file or a link" not in client.get(_page(assessment, rating)).content.decode()
    assert client.post(reverse("competencies:evidence-remove", args=[assessment.pk, item.pk])).status_code == 403
    with pytest.raises(services.ValidationError, match="while the assessment is open"):
        services.evidence_add(rating=rating, by=world.user("staff_member"), title="Late", link="https://b.example")


def test_removing_a_file_deletes_it_from_storage(client, world, draft, django_capture_on_commit_callbacks):
    rating = draft.ratings.order_by("pk").first()
    item = services.evidence_add(rating=rating, by=world.user("staff_member"), title="Old", file=_upload())
    stored = item.file.name
    assert default_storage.exists(stored)
    client.force_login(world.user("staff_member"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("competencies:evidence-remove", args=[draft.pk, item.pk]))

    assert response.url == _page(draft, rating)
    assert not EvidenceItem.objects.exists() and not default_storage.exists(stored)


def test_a_competence_holds_at_most_ten_items(world, draft):
    rating = draft.ratings.order_by("pk").first()
    by = world.user("staff_member")
    for number in range(services.MAX_ITEMS):
        services.evidence_add(rating=rating, by=by, title=f"Link {number}", link=f"https://example.org/{number}")
    with pytest.raises(services.ValidationError, match="up to 10 files and links"):
        services.evidence_add(rating=rating, by=by, title="One more", link="https://example.org/more")


def test_adding_evidence_is_in_the_audit_trail_without_its_title(client, world, draft):
    rating = draft.ratings.order_by("pk").first()
    client.force_login(world.user("staff_member"))
    client.post(_page(draft, rating), {"title": "Jay's safeguarding plan", "link": "https://example.org/p"})
    entry = LogEntry.objects.get(content_type__model="evidenceitem")
    assert entry.actor == world.user("staff_member")
    assert entry.changes["title"] == ["", registry.HIDDEN] or entry.changes["title"][1] == registry.HIDDEN
    assert "Jay" not in str(entry.changes)


def test_the_rating_page_links_to_each_competences_evidence_with_a_count(client, world, draft):
    rating = draft.ratings.order_by("pk").first()
    services.evidence_add(rating=rating, by=world.user("staff_member"), title="Plan", link="https://example.org/p")
    client.force_login(world.user("staff_member"))
    page = client.get(
        reverse("competencies:assessment-rate", args=[draft.pk, rating.competence.domain_id])
    ).content.decode()
    assert f'href="{_page(draft, rating)}">Add files or links' in page and "(1 added)" in page
