"""The record's whole life: retention review, keeping and erasing, subject access, and people's own record."""

import datetime
import io
import json
import zipfile

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.records import services
from cms.records.models import Erasure, RecordReview, ReviewDecision
from peernet.models import Peer, Stage, Supervision
from tests.factories.peers import PeerFactory
from tests.factories.training import InvolvementFactory, YoungExpertFactory
from tests.factories.workforce import StaffProfileFactory, UserFactory
from tests.readability import page_grade
from workforce import roles
from workforce.training.services import young_expert_forget

pytestmark = pytest.mark.django_db
YEARS_AGO_7 = datetime.date.today() - datetime.timedelta(days=365 * 7)


def _ended_peer(service, **kwargs):
    return PeerFactory(
        service=service, stage=Stage.ENDED, ended_on=YEARS_AGO_7, outcome=Peer.Outcome.EDUCATION, **kwargs
    )


def _supervision(peer, notes="Talked about court."):
    return Supervision.objects.create(
        peer=peer,
        held_on=YEARS_AGO_7 - datetime.timedelta(days=30),
        supervisor=peer.coordinator,
        wellbeing="good",
        notes=notes,
        next_due_on=YEARS_AGO_7,
    )


# --- 1. Flagging ---------------------------------------------------------------------------------------------


def test_a_peer_ended_seven_years_ago_is_flagged_once_and_nothing_is_deleted(world):
    old = _ended_peer(world.service, display_name="Old P")
    recent = PeerFactory(service=world.service, stage=Stage.ENDED, ended_on=datetime.date.today(), outcome="other")
    call_command("flag_records_for_review", stdout=io.StringIO())
    call_command("flag_records_for_review", stdout=io.StringIO())
    review = RecordReview.objects.get()
    assert (review.object_id, review.kind, review.service) == (old.pk, "peer", world.service)
    assert "6 years after their volunteering or peer work ended" in review.reason
    assert Peer.objects.filter(pk__in=[old.pk, recent.pk]).count() == 2


def test_two_copies_at_once_flag_a_record_once(world, monkeypatch):
    """The other copy inserted the review between this copy's look and its insert: no error, no second row."""
    peer = _ended_peer(world.service)
    services.records_flag_due()
    monkeypatch.setattr(RecordReview.objects, "filter", lambda **kw: RecordReview.objects.none())
    services.records_flag_due()
    monkeypatch.undo()
    assert RecordReview.objects.filter(object_id=peer.pk).count() == 1


def test_a_record_kept_for_longer_is_due_again_when_its_date_comes(world):
    _ended_peer(world.service)
    services.records_flag_due()
    review = RecordReview.objects.get()
    manager = world.users["service_manager"]
    services.review_keep(
        review=review, by=manager, keep_until=datetime.date.today() + datetime.timedelta(days=1), reason="A claim"
    )
    services.records_flag_due()
    assert RecordReview.objects.due().count() == 0
    services.records_flag_due(today=datetime.date.today() + datetime.timedelta(days=2))
    assert RecordReview.objects.due().count() == 1


def test_each_kind_of_record_is_flagged_when_its_period_ends(world):
    left = StaffProfileFactory(service=world.service, active=False)
    left.user.last_login = timezone.now() - datetime.timedelta(days=365 * 7)
    left.user.save()
    expert = YoungExpertFactory()
    InvolvementFactory(young_expert=expert, date=YEARS_AGO_7)
    services.records_flag_due()
    assert set(RecordReview.objects.values_list("kind", flat=True)) == {"staff", "young_expert"}


# --- 2. The review page --------------------------------------------------------------------------------------


def _due_review(world, service=None):
    peer = _ended_peer(service or world.service, display_name="Old P")
    services.records_flag_due()
    return peer, RecordReview.objects.get(object_id=peer.pk)


def test_service_manager_keeps_a_record_for_longer_and_the_decision_is_kept(client, world):
    _peer, review = _due_review(world)
    client.force_login(world.users["service_manager"])
    page = client.get(reverse("records:review-queue"))
    assert "Peer record: Old P" in page.content.decode()
    keep_until = datetime.date.today() + datetime.timedelta(days=365)
    response = client.post(
        reverse("records:review-keep", args=[review.pk]),
        {"keep_until": keep_until.isoformat(), "reason": "An open complaint"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.keep_until) == (RecordReview.Status.KEPT, keep_until)
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.reason, decision.by) == (
        "keep",
        "An open complaint",
        world.users["service_manager"],
    )


def test_keeping_needs_a_future_date(client, world):
    _peer, review = _due_review(world)
    client.force_login(world.users["service_manager"])
    response = client.post(
        reverse("records:review-keep", args=[review.pk]),
        {"keep_until": datetime.date.today().isoformat(), "reason": "Why not"},
    )
    assert services.KEEP_IN_FUTURE in response.content.decode()


def test_another_services_manager_and_other_kinds_get_404(client, world):
    _peer, review = _due_review(world, service=world.other_service)
    client.force_login(world.users["service_manager"])
    assert review.label not in client.get(reverse("records:review-queue")).content.decode()
    assert client.get(reverse("records:review-keep", args=[review.pk])).status_code == 404
    client.force_login(world.users["peer_coordinator"])
    assert client.get(reverse("records:review-queue")).status_code == 404
    client.force_login(world.users["administrator"])
    assert client.get(reverse("records:review-keep", args=[review.pk])).status_code == 200


def test_the_review_queue_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    for number in range(5):
        _ended_peer(world.service, display_name=f"Old {number}")
    services.records_flag_due()
    client.force_login(world.users["service_manager"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("records:review-queue")).status_code == 200


# --- 3. Erasure ----------------------------------------------------------------------------------------------


def test_the_confirmation_says_what_will_go_and_erasing_leaves_a_tombstone(client, world):
    peer, review = _due_review(world)
    supervision = _supervision(peer)
    peer_type = ContentType.objects.get_for_model(Peer)
    assert LogEntry.objects.filter(content_type=peer_type, object_pk=str(peer.pk)).exists()
    client.force_login(world.users["service_manager"])
    page = client.get(reverse("records:review-erase", args=[review.pk])).content.decode()
    assert "1 supervision" in page and "1 peer" in page
    response = client.post(reverse("records:review-erase", args=[review.pk]), {"reason": "Period over"})
    assert response.status_code == 302
    assert not Peer.objects.filter(pk=peer.pk).exists()
    assert not Supervision.objects.filter(pk=supervision.pk).exists()
    erasure = Erasure.objects.get()
    assert (erasure.by, erasure.reason, erasure.rows["peernet.Supervision"]) == (
        world.users["service_manager"],
        "Period over",
        1,
    )
    assert "Old P" not in erasure.description
    # The history payloads are gone; one tombstone event without values is left for each row.
    for model, pk in ((Peer, peer.pk), (Supervision, supervision.pk)):
        entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk))
        assert [(entry.changes, entry.additional_data["erased"]) for entry in entries] == [(None, True)]
    review.refresh_from_db()
    assert review.status == RecordReview.Status.ERASED and "Old P" not in review.label


def test_a_record_other_records_need_is_refused_with_what_to_change(client, world):
    coordinator = StaffProfileFactory(service=world.service, active=False)
    coordinator.user.last_login = timezone.now() - datetime.timedelta(days=365 * 7)
    coordinator.user.save()
    PeerFactory(service=world.service, coordinator=coordinator)
    services.records_flag_due()
    review = RecordReview.objects.get(kind="staff")
    client.force_login(world.users["service_manager"])
    page = client.get(reverse("records:review-erase", args=[review.pk])).content.decode()
    assert "cannot be erased yet" in page and "peer" in page
    assert client.post(reverse("records:review-erase", args=[review.pk]), {"reason": "x"}).status_code == 200
    assert Erasure.objects.count() == 0


def test_young_expert_forget_goes_through_the_erasure_service(world):
    expert = YoungExpertFactory(display_name="Jay Q")
    expert_type = ContentType.objects.get_for_model(expert)
    expert.display_name = "Jay Quinn"
    expert.save()
    young_expert_forget(young_expert=expert, by=world.users["participation_lead"])
    erasure = Erasure.objects.get()
    assert (erasure.object_id, erasure.by) == (expert.pk, world.users["participation_lead"])
    entries = LogEntry.objects.filter(content_type=expert_type, object_pk=str(expert.pk))
    assert not any("Jay" in json.dumps(entry.changes or {}) for entry in entries)
    expert.refresh_from_db()
    assert expert.display_name.startswith("Former young expert")


# --- 4. Subject access export --------------------------------------------------------------------------------


def _zip(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def test_service_manager_downloads_everything_about_a_peer_with_others_redacted(client, world):
    coordinator = StaffProfileFactory(
        service=world.service, user=UserFactory(first_name="Morgan", last_name="Okafor", username="mo@example.org")
    )
    peer = PeerFactory(service=world.service, coordinator=coordinator, display_name="Robin L")
    _supervision(peer, notes="Robin and Morgan Okafor went to court.")
    client.force_login(world.users["service_manager"])
    response = client.get(reverse("records:person-download", args=["peer", peer.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = _zip(response)
    names = archive.namelist()
    assert "what-we-hold-about-you.pdf" in names and archive.read("what-we-hold-about-you.pdf")[:4] == b"%PDF"
    everything = "".join(archive.read(name).decode() for name in names if name.endswith(".json"))
    supervision = next(json.loads(archive.read(n)) for n in names if "supervision" in n)
    row = supervision["records"][0]
    assert row["notes"] == "Robin and [another person] went to court."
    assert row["supervisor"] == "[another person]" and row["peer"] == "Robin L"
    assert "Okafor" not in everything and "Morgan" not in everything


def test_opening_and_downloading_a_persons_records_is_in_the_access_log(client, world):
    from workforce.audit.models import AccessEvent

    peer = PeerFactory(service=world.service, display_name="Robin L")
    manager = world.users["service_manager"]
    client.force_login(manager)
    assert client.get(reverse("records:person", args=["peer", peer.pk])).status_code == 200
    assert client.get(reverse("records:person-download", args=["peer", peer.pk])).status_code == 200

    reads = AccessEvent.objects.filter(outcome=AccessEvent.Outcome.READ, object_pk=str(peer.pk))
    assert sorted(reads.values_list("url_name", flat=True)) == ["records:person", "records:person-download"]
    assert all(event.actor == manager and event.content_type.model == "peer" for event in reads)


def test_export_for_another_services_person_is_404(client, world):
    peer = PeerFactory(service=world.other_service)
    client.force_login(world.users["service_manager"])
    assert client.get(reverse("records:person-download", args=["peer", peer.pk])).status_code == 404
    client.force_login(world.users["staff_member"])
    assert client.get(reverse("records:people")).status_code == 404


def test_staff_export_holds_their_assessment_history_and_training(client, world):
    client.force_login(world.users["administrator"])
    profile = world.profile("staff_member")
    page = client.get(reverse("records:person", args=["staff", profile.pk])).content.decode()
    assert "Your staff record" in page and "Your account" in page


# --- 5. People see their own record --------------------------------------------------------------------------


def test_a_peer_reads_what_we_hold_about_them_at_grade_6_and_downloads_it(client, world):
    user = UserFactory(kinds=[roles.PEER_WORKER])
    peer = PeerFactory(service=world.service, user=user, display_name="Alex G")
    _supervision(peer)
    client.force_login(user)
    page = client.get(reverse("records:mine"))
    html = page.content.decode()
    assert "What we hold about you" in html and "Your supervision" in html
    assert page_grade(html) <= 6
    archive = _zip(client.get(reverse("records:mine-download")))
    assert any("supervision" in name for name in archive.namelist())


def test_a_young_expert_reads_what_we_hold_about_them_at_grade_6(client, world):
    user = world.users["young_expert"]
    InvolvementFactory(young_expert=user.young_expert)
    client.force_login(user)
    page = client.get(reverse("records:mine"))
    assert "Time you gave" in page.content.decode()
    assert page_grade(page.content.decode()) <= 6


def test_someone_with_no_record_of_their_own_gets_404(client, world):
    client.force_login(world.users["commissioner"])
    assert client.get(reverse("records:mine")).status_code == 404


def test_a_staff_members_download_lists_their_evidence_files_by_name(client, world):
    from django.core.files.base import ContentFile

    from competencies.models import EvidenceItem
    from tests.factories.assessments import small_framework, start

    framework = small_framework()
    assessment = start(world.profile("staff_member"), framework)
    item = EvidenceItem(
        rating=assessment.ratings.first(), title="Supervision notes", added_by=world.user("staff_member")
    )
    item.file.save("notes.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    client.force_login(world.user("staff_member"))
    archive = _zip(client.get(reverse("records:mine-download")))
    evidence = next(json.loads(archive.read(n)) for n in archive.namelist() if "evidence" in n)
    row = evidence["records"][0]
    assert row["title"] == "Supervision notes" and row["file"] == item.file.name
