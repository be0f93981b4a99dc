"""The pages the load harness drives, each with a concrete address and the person who asks for it, chosen from
the data in the database (``generate_synthetic``'s): the biggest service, its busiest coordinator, a
practitioner with an assessment under way, and so on. Needs Django set up against that database.

Each page has a kind, which decides its targets:

- ``floor``: the bare signed-in page every other page is compared with;
- ``page``: lists and detail pages, at most 3 times the floor;
- ``dashboard``: dashboards, heatmaps and the review queue, at most 250 ms at the 95th percentile;
- ``search``: resource search with a word, at most 100 ms at the 95th percentile;
- ``export`` and ``pdf``: downloads, measured and reported, with no time target of their own.

Pages with charts may send up to 600 KB on the wire, other pages up to 150 KB (downloads have no limit).
"""

from dataclasses import asdict, dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from competencies.models import Assessment, CompetenceDomain, Framework
from peernet.journeys.models import Peer, Stage
from peernet.networks.models import InterviewPack, NetworkMembership
from workforce import roles
from workforce.models import Service, StaffProfile

KINDS = ("floor", "page", "dashboard", "search", "export", "pdf")
HTML_KINDS = ("floor", "page", "dashboard", "search")
# Spreadsheets made as background downloads: asking is a POST that only queues the work, and the file is made
# by the worker, outside any request, so they are not pages for wrk to drive.
BACKGROUND = "made in the background: the request only queues it, and db_worker makes the file"


@dataclass
class Page:
    key: str
    title: str
    path: str
    email: str
    who: str
    kind: str
    charts: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Skipped:
    key: str
    title: str
    reason: str


class Plan:
    def __init__(self):
        self.pages: list[Page] = []
        self.skipped: list[Skipped] = []

    def add(self, key, title, path_or_none, user, who, kind, *, charts=False, reason=""):
        if path_or_none is None or user is None:
            self.skipped.append(Skipped(key, title, reason or "nothing in the data to show on it"))
            return
        self.pages.append(Page(key, title, path_or_none, user.email, who, kind, charts))


def _url(name, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _in_group(kind: roles.Kind):
    return Q(user__groups__name=kind.name)


def _profile(queryset) -> StaffProfile | None:
    return queryset.select_related("user").order_by("pk").first()


def build_plan() -> Plan:
    """Every key page, for the kind of user who uses it most, in the biggest service."""
    plan = Plan()
    service = Service.objects.annotate(people=Count("staff")).order_by("-people", "pk").first()
    staff = StaffProfile.objects.filter(service=service, active=True, user__is_active=True)
    signed_off_count = Count("assessments", filter=Q(assessments__status=Assessment.Status.SIGNED_OFF))
    # The person with the longest history: most signed-off assessments, and one under way if anyone has one.
    practitioner = _profile(
        staff.filter(assessments__status=Assessment.Status.DRAFT)
        .annotate(done=signed_off_count)
        .filter(done__gt=0)
        .order_by("-done", "pk")
    ) or _profile(staff.filter(job_title="Practitioner"))
    person = practitioner.user if practitioner else None
    who_staff = "staff member"

    plan.add("floor", "Floor (base template only)", _url("floor"), person, who_staff, "floor")
    plan.add("home", "My home", _url("my-home"), person, who_staff, "page")

    framework = Framework.objects.order_by("pk").first()
    slug = framework.slug if framework else None
    plan.add(
        "framework-ladder",
        "Framework ladder",
        slug and _url("competencies:framework-ladder", slug=slug),
        person,
        who_staff,
        "page",
    )
    plan.add(
        "framework-profile",
        "Role profile (practitioner)",
        slug and _url("competencies:framework-profile", slug=slug, code="practitioner"),
        person,
        who_staff,
        "page",
    )
    search = slug and _url("competencies:framework-search", slug=slug)
    plan.add("framework-search", "Competence search", search and f"{search}?q=risk", person, who_staff, "page")
    plan.add("assessments", "My assessments", _url("competencies:assessment-list"), person, who_staff, "page")

    drafts = Assessment.objects.filter(staff__in=staff, status=Assessment.Status.DRAFT)
    drafts = drafts.select_related("staff__user").order_by("-pk")
    draft = drafts.filter(staff=practitioner).first() or drafts.first()
    domain = (
        CompetenceDomain.objects.filter(competences__ratings__assessment=draft).order_by("pk").first()
        if draft
        else None
    )
    plan.add(
        "rating-form",
        "Rating form (one domain)",
        domain and _url("competencies:assessment-rate", pk=draft.pk, domain_pk=domain.pk),
        draft and draft.staff.user,
        who_staff,
        "page",
    )
    signed_off = Assessment.objects.filter(staff__in=staff, status=Assessment.Status.SIGNED_OFF).select_related(
        "staff__user"
    )
    signed_off = signed_off.filter(staff=practitioner).order_by("-pk").first() or signed_off.order_by("-pk").first()
    plan.add(
        "results",
        "Assessment results",
        signed_off and _url("competencies:assessment-results", pk=signed_off.pk),
        signed_off and signed_off.staff.user,
        who_staff,
        "page",
        charts=True,
    )
    plan.add("progress", "My progress", _url("competencies:my-progress"), person, who_staff, "page", charts=True)
    plan.skipped.append(Skipped("assessment-pdf", "Assessment PDF", BACKGROUND))

    manager = _profile(staff.filter(_in_group(roles.SERVICE_MANAGER)))
    manager_user = manager.user if manager else None
    who_manager = f"service manager ({service.staff.count()} staff)" if service else "service manager"
    leader = _profile(
        staff.filter(_in_group(roles.LINE_MANAGER))
        .exclude(_in_group(roles.SERVICE_MANAGER))
        .annotate(team=Count("reports"))
        .order_by("-team", "pk")
    )
    who_leader = f"line manager ({leader.reports.count()} reports)" if leader else "line manager"
    plan.add("home-manager", "My home (service manager)", _url("my-home"), manager_user, who_manager, "page")
    plan.add("review-queue", "Review queue", _url("competencies:review-queue"), manager_user, who_manager, "dashboard")
    plan.add(
        "heatmap-team",
        "Team heatmap (one team)",
        _url("competencies:team"),
        leader and leader.user,
        who_leader,
        "dashboard",
    )
    plan.add(
        "heatmap-service",
        "Team heatmap (whole service)",
        _url("competencies:team"),
        manager_user,
        who_manager,
        "dashboard",
    )
    plan.add(
        "heatmap-csv",
        "Team heatmap CSV (whole service)",
        _url("competencies:team-export", fmt="csv"),
        manager_user,
        who_manager,
        "export",
    )
    plan.skipped.append(Skipped("heatmap-xlsx", "Team heatmap xlsx (whole service)", BACKGROUND))
    plan.add("peer-outcomes", "Peer outcomes", _url("peernet:peer_outcomes"), manager_user, who_manager, "dashboard")

    coordinator = _profile(
        staff.filter(_in_group(roles.PEER_COORDINATOR))
        .annotate(peers=Count("coordinated_peers"))
        .order_by("-peers", "pk")
    )
    who_coordinator = (
        f"peer coordinator ({coordinator.coordinated_peers.count()} peers)" if coordinator else "peer coordinator"
    )
    plan.add(
        "peer-dashboard",
        "Peer dashboard",
        _url("peernet:peer_dashboard"),
        coordinator and coordinator.user,
        who_coordinator,
        "dashboard",
        charts=True,
    )
    peer = (
        Peer.objects.filter(coordinator=coordinator)
        .exclude(stage=Stage.ENDED)
        .annotate(logged=Count("activity_logs"))
        .order_by("-logged", "pk")
        .first()
        if coordinator
        else None
    )
    plan.add(
        "peer-journey",
        "Peer journey (coordinator's view)",
        peer and _url("peernet:peer_detail", pk=peer.pk),
        coordinator and coordinator.user,
        who_coordinator,
        "page",
    )
    own_peer = (
        Peer.objects.filter(user__isnull=False, user__is_active=True)
        .exclude(stage=Stage.ENDED)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    plan.add(
        "my-journey",
        "My journey (peer worker)",
        _url("peernet:my_journey"),
        own_peer and own_peer.user,
        "peer worker",
        "page",
    )

    lead = _profile(staff.filter(_in_group(roles.PARTICIPATION_LEAD))) or _profile(
        StaffProfile.objects.filter(_in_group(roles.PARTICIPATION_LEAD))
    )
    lead_user = lead.user if lead else None
    plan.add(
        "training-sessions",
        "Training sessions",
        _url("workforce:training-sessions"),
        lead_user,
        "participation lead",
        "page",
    )
    plan.add(
        "training-report",
        "Training report",
        _url("workforce:training-report"),
        lead_user,
        "participation lead",
        "dashboard",
        charts=True,
    )
    plan.skipped.append(Skipped("training-report-xlsx", "Training report xlsx", BACKGROUND))

    hub_model = apps.get_model("cms", "NetworkHubPage")
    resource_model = apps.get_model("cms", "ResourcePage")
    membership = (
        NetworkMembership.objects.filter(
            status=NetworkMembership.Status.APPROVED,
            role=NetworkMembership.Role.MEMBER,
            user__is_active=True,
            network__active=True,
        )
        .select_related("user", "network")
        .order_by("network_id", "pk")
        .first()
    )
    member = membership.user if membership else None
    network = membership.network if membership else None
    hub = hub_model.objects.live().filter(network=network).first() if network else None
    plan.add("network-hub", "Network hub page", hub and hub.get_url(), member, "network member", "page")
    plan.add(
        "network-detail",
        "Network page (meetings, members)",
        network and _url("peernet:network-detail", slug=network.slug),
        member,
        "network member",
        "page",
    )
    plan.add("resources", "Shared resources", _url("library:resource-list"), member, "network member", "page")
    word = _search_word(resource_model, member)
    resources = _url("library:resource-list")
    plan.add(
        "resource-search",
        f"Resource search ({word!r})" if word else "Resource search",
        word and resources and f"{resources}?q={word}",
        member,
        "network member",
        "search",
    )
    pack = InterviewPack.objects.filter(network=network).order_by("pk").first() if network else None
    plan.add(
        "interview-pack-pdf",
        "Interview pack PDF",
        pack and _url("peernet:network-pack-pdf", slug=network.slug, pk=pack.pk),
        member,
        "network member",
        "pdf",
    )

    commissioner = get_user_model().objects.filter(groups__name=roles.COMMISSIONER.name, is_active=True)
    commissioner = commissioner.order_by("pk").first()
    plan.add(
        "figures",
        "Commissioner figures",
        _url("figures:dashboard"),
        commissioner,
        "commissioner",
        "dashboard",
        charts=True,
    )
    plan.add(
        "figures-csv", "Commissioner figures CSV", _url("figures:download-csv"), commissioner, "commissioner", "export"
    )
    plan.add(
        "figures-xlsx",
        "Commissioner figures xlsx",
        _url("figures:download-xlsx"),
        commissioner,
        "commissioner",
        "export",
    )
    return plan


def _search_word(resource_model, member) -> str | None:
    """A word that names some of the resources the member may see: the commonest longer word in their titles."""
    if member is None:
        return None
    titles = resource_model.objects.live().visible_to(member).values_list("title", flat=True)[:500]
    counts: dict[str, int] = {}
    for title in titles:
        for word in title.lower().split():
            word = word.strip(".,:;()'\"")
            if len(word) >= 6 and word.isalpha():
                counts[word] = counts.get(word, 0) + 1
    return max(sorted(counts), key=counts.get) if counts else None
