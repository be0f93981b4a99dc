"""``manage.py generate_synthetic``: every kind of record, the same data for the same seed, refusal of a
database with real people in it, and pages that open for a synthetic user afterwards."""

import hashlib
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from wagtail.models import Page

from cms.library.network_hub import NetworkHubPage
from cms.library.resource import ResourcePage
from cms.management.commands import generate_synthetic
from cms.synthetic.core import SYNTHETIC_DOMAIN
from competencies.evidence.models import EvidenceItem
from competencies.models import Assessment, AssessmentStatusChange, PlanAction, Rating
from peernet import models as peer_models
from peernet.models import Network, NetworkMeeting, NetworkMembership, Peer
from tests.factories.workforce import UserFactory
from workforce import models as workforce_models
from workforce import roles

pytestmark = pytest.mark.django_db(transaction=False)
User = get_user_model()

EVERY_KIND = [
    workforce_models.Service,
    workforce_models.StaffProfile,
    workforce_models.YouthOrganisation,
    workforce_models.YoungExpert,
    workforce_models.TrainingSession,
    workforce_models.TrainingAttendance,
    workforce_models.AttendeeFeedback,
    workforce_models.ConfidenceRating,
    workforce_models.Involvement,
    workforce_models.YoungExpertFeedback,
    workforce_models.FollowUp,
    workforce_models.YouSaidWeDid,
    Assessment,
    AssessmentStatusChange,
    Rating,
    Rating.training.through,
    EvidenceItem,
    PlanAction,
    Peer,
    peer_models.StageChange,
    peer_models.Check,
    peer_models.MilestoneRecord,
    peer_models.Supervision,
    peer_models.CheckIn,
    peer_models.CaseAllocation,
    peer_models.CaseEvent,
    peer_models.ActivityLog,
    peer_models.TrainingRecord,
    peer_models.Feedback,
    peer_models.SupportAlert,
    peer_models.FollowUp,
    Network,
    NetworkMembership,
    peer_models.NetworkSubscription,
    NetworkMeeting,
    NetworkMeeting.attendees.through,
    peer_models.TeamVisit,
    peer_models.InterviewQuestion,
    peer_models.InterviewPack,
    peer_models.InterviewPackQuestion,
    NetworkHubPage,
    ResourcePage,
]


def generate(seed=7):
    call_command("generate_synthetic", "--scale", "demo", "--seed", str(seed), "--quiet", stdout=io.StringIO())


def fingerprint():
    """Counts of every kind, and a checksum of names and values that any difference in the data would move."""
    counts = tuple(model.objects.count() for model in EVERY_KIND)
    parts = [
        *User.objects.order_by("pk").values_list("email", flat=True),
        *ResourcePage.objects.order_by("path").values_list("title", "slug", "path"),
        *Peer.objects.order_by("pk").values_list("display_name", "stage", "start_date"),
        # Natural keys, not ids: the framework is loaded afresh each time, and PostgreSQL's sequences do not
        # roll back with the transaction.
        *Rating.objects.order_by("pk").values_list("competence__code", "self_value__value", "manager_value__value"),
    ]
    return counts, hashlib.sha256(repr(parts).encode()).hexdigest()


class Rollback(Exception):
    pass


def generated_fingerprint(seed):
    """Generate, read the fingerprint, and undo it all, so the next run starts from the same empty database."""
    try:
        with transaction.atomic():
            generate(seed)
            found = fingerprint()
            raise Rollback
    except Rollback:
        return found


def test_demo_scale_makes_every_kind_of_record_without_audit_entries():
    entries = LogEntry.objects.count()
    generate()
    empty = [model.__name__ for model in EVERY_KIND if not model.objects.exists()]
    assert not empty, f"No synthetic {', '.join(empty)}"
    assert Assessment.objects.filter(status=Assessment.Status.DRAFT).exists()
    assert Assessment.objects.filter(status=Assessment.Status.SUBMITTED).exists()
    assert Assessment.objects.filter(status=Assessment.Status.SIGNED_OFF).exists()
    assert Rating.objects.exclude(manager_value=None).exists()
    assert workforce_models.StaffProfile.objects.exclude(line_manager=None).exists()
    assert LogEntry.objects.count() == entries
    assert not User.objects.exclude(email__endswith=f"@{SYNTHETIC_DOMAIN}").exclude(email="").exists()


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    first = generated_fingerprint(11)
    assert first == generated_fingerprint(11)
    assert first[1] != generated_fingerprint(12)[1]


def test_refuses_a_database_with_a_real_person_in_it():
    UserFactory(email="real.person@nhs.net")
    with pytest.raises(CommandError, match="real.person@nhs.net") as error:
        generate()
    assert "empty database" in str(error.value)
    assert not User.objects.filter(email__endswith=f"@{SYNTHETIC_DOMAIN}").exists()


def test_refuses_to_run_twice_on_the_same_database():
    generate()
    with pytest.raises(CommandError, match="already holds synthetic data"):
        generate()


@pytest.mark.parametrize("checked", [True, False], ids=["reference checks on", "reference checks off"])
def test_every_index_and_constraint_is_there_after_the_run(checked, monkeypatch):
    """On PostgreSQL the run drops indexes (and, with the reference checks off, unique constraints) while it
    writes, and makes them again at the end."""
    if not checked:
        monkeypatch.setattr(generate_synthetic, "CHECKED_SCALES", set())
    tables = sorted({model._meta.db_table for model in EVERY_KIND} | {Page._meta.db_table})

    def indexes():
        with connection.cursor() as cursor:
            return {
                table: sorted(
                    (name, tuple(found["columns"]), found["unique"], found["primary_key"], found["foreign_key"])
                    for name, found in connection.introspection.get_constraints(cursor, table).items()
                )
                for table in tables
            }

    before = indexes()
    assert sum(len(found) for found in before.values()) > len(tables)
    assert any(found[2] and not found[3] for table in before.values() for found in table)
    generate()
    assert indexes() == before


def test_scale_must_be_given():
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate_synthetic", stdout=io.StringIO())


def test_resource_pages_form_a_valid_tree_and_are_found_by_search():
    generate()
    # Treebeard's own check of the whole tree: characters, path lengths, orphans, depths and child counts.
    bad_characters, bad_lengths, orphans, wrong_depths, wrong_child_counts = Page.find_problems()
    assert (bad_characters, bad_lengths, orphans, wrong_depths, wrong_child_counts) == ([], [], [], [], [])
    hubs = NetworkHubPage.objects.filter(numchild__gt=0)
    assert hubs.count() == Network.objects.count() > 1
    for hub in hubs:
        children = ResourcePage.objects.child_of(hub)
        assert hub.numchild == children.count() > 0
        assert {page.url_path for page in children} == {f"{hub.url_path}{page.slug}/" for page in children}
        assert len({page.slug for page in children}) == children.count()
    hub = hubs.first()
    children = ResourcePage.objects.child_of(hub)
    page = children.first()
    assert page.live and page.live_revision_id == page.latest_revision_id
    assert page.get_latest_revision_as_object().title == page.title
    word = page.title.split()[0]
    found = ResourcePage.objects.live().search(word)
    assert page.pk in {result.pk for result in found}


def test_key_pages_open_for_synthetic_users(client):
    generate()
    staff = Assessment.objects.signed_off().select_related("staff__user").first()
    client.force_login(staff.staff.user)
    results = client.get(reverse("competencies:assessment-results", args=[staff.pk]))
    assert results.status_code == 200

    coordinator = User.objects.filter(
        groups__name=roles.PEER_COORDINATOR.name, staff_profile__coordinated_peers__isnull=False
    ).first()
    client.force_login(coordinator)
    dashboard = client.get(reverse("peernet:peer_dashboard"))
    assert dashboard.status_code == 200
    peer = Peer.objects.filter(coordinator__user=coordinator).first()
    assert peer.display_name in dashboard.content.decode()

    membership = (
        NetworkMembership.objects.filter(role=NetworkMembership.Role.COORDINATOR).select_related("network").first()
    )
    client.force_login(membership.user)
    hub = NetworkHubPage.objects.get(network=membership.network)
    page = client.get(hub.url)
    assert page.status_code == 200
    newest = ResourcePage.objects.child_of(hub).live().order_by("-first_published_at", "-pk").first()
    assert newest.title in page.content.decode()
    listing = client.get(reverse("library:resource-list"))
    assert listing.status_code == 200
