"""Regional peer networks: members, subscribers, meetings, team visits, interview questions and packs, each
network's hub page, and the shared resource pages under the hubs, made in bulk and added to search.

Hubs are few, so they are made through the product's own services (editors group, collection, page rights).
Resource pages are many, so their rows are written in bulk the way Wagtail's tree (treebeard's materialised
path) allows: each child's ``path`` is its hub's path plus the next four-character step, ``depth`` is the
hub's plus one, the hub's ``numchild`` is raised once, and every page gets one revision that is both its
latest and its live revision, as publishing would leave it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils.text import slugify
from modelcluster.models import get_serializable_data_for_fields
from taggit.models import Tag
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend

from cms.library.choices import ResourceType, Visibility
from cms.library.network_hub import NetworkHubPage
from cms.library.resource import ResourcePage, ResourceTag
from cms.library.services import network_hub_create
from cms.models import HomePage
from cms.synthetic.core import YEARS, Run
from competencies.models import Competence, FrameworkVersion, RoleProfile
from peernet.models import (
    InterviewPack,
    InterviewPackQuestion,
    InterviewQuestion,
    Network,
    NetworkMeeting,
    NetworkMembership,
    NetworkSubscription,
    TeamVisit,
)
from peernet.networks.services import network_upsert
from workforce.models import Region, Service

User = get_user_model()
TAGS = ["recruitment", "induction", "court", "custody", "volunteers", "young people", "wellbeing", "interviews"]
KINDS = {
    ResourceType.JOB_DESCRIPTION: (
        "{role} job description",
        "The job description we use for {role_lower}s, written with our team.",
    ),
    ResourceType.ROLE_PROFILE: (
        "{role} role profile",
        "How the {role_lower} role maps to the framework, with what we expect.",
    ),
    ResourceType.INTERVIEW_QUESTIONS: (
        "Interview questions for {role_lower}s",
        "Questions linked to framework competences, with what a good answer shows.",
    ),
    ResourceType.ADVERT: (
        "{role} advert and where we advertise",
        "Our advert, and the places that brought most applicants.",
    ),
    ResourceType.RECRUITMENT_PROCESS: (
        "How we recruit {role_lower}s",
        "Each step from first enquiry to first shift, and how long it takes.",
    ),
    ResourceType.INDUCTION_PACK: (
        "First week induction pack for {role_lower}s",
        "Shadowing, safety in custody and who to call.",
    ),
    ResourceType.GUIDE: (
        "A guide to court work for {role_lower}s",
        "What to expect at magistrates' and Crown Court, and how to prepare.",
    ),
    ResourceType.PODCAST: (
        "Peer Voices: a {role_lower} on their first year",
        "A twenty-minute conversation about starting out.",
    ),
}
# Every episode has a transcript, as the rules ask; synthetic episodes have no audio file (no documents are made).
TRANSCRIPT = (
    "Host: Welcome to Peer Voices. Today we talk to a {role_lower} about their first year.\n\n"
    "Guest: The first month was the hardest. Shadowing helped most.\n\n"
    "Host: What would you tell someone starting now?\n\n"
    "Guest: Ask for help early, and keep a note of the good days."
)
QUESTIONS = [
    (
        "Tell us about a time you helped someone who did not want help at first.",
        "Patience, respect, and letting the person lead.",
    ),
    ("How would you look after yourself after a hard day in custody?", "Knows their limits and who to talk to."),
    (
        "What would you do if someone told you something that worried you about their safety?",
        "Follows safeguarding steps and tells their supervisor.",
    ),
]


def generate(run: Run) -> None:
    progress = run.writer.progress
    progress.start("networks")
    networks = _networks(run)
    progress.finish()
    progress.start("hubs and resource pages")
    _resources(run, networks)
    progress.finish()
    progress.start("search index")
    _index(run)
    progress.finish()


def _networks(run: Run) -> list[tuple[Network, list[int]]]:
    rng, writer = run.rng, run.writer
    services = run.made["services"]
    coordinators, members = run.made["network_coordinators"], run.made["network_members"]
    by_region: dict[int, list[int]] = {}
    for service_id, region, _name in services:
        by_region.setdefault(region, []).append(service_id)
    regions = Region.objects.filter(pk__in=by_region).order_by("code")
    made = []
    memberships, subscriptions, meetings, attendees, visits, editors = [], [], [], [], [], []
    for region in regions:
        service_ids = by_region[region.pk]
        network = network_upsert(
            name=f"{region.name} peer network",
            region=region,
            summary=f"Peer workers, coordinators and managers in {region.name} sharing what works.",
            services=list(Service.objects.filter(pk__in=service_ids)),
        )
        users = [coordinators[region.pk]] if region.pk in coordinators else []
        users += [user for member_region, user in members if member_region == region.pk]
        joined = run.day(200, YEARS * 365)
        for number, user in enumerate(users):
            status = NetworkMembership.Status.APPROVED
            if number and rng.random() < 0.1:
                status = rng.choice((NetworkMembership.Status.REQUESTED, NetworkMembership.Status.DECLINED))
            role = NetworkMembership.Role.COORDINATOR if number == 0 else NetworkMembership.Role.MEMBER
            asked = run.moment(run.day(30, YEARS * 365))
            decided = None if status == NetworkMembership.Status.REQUESTED else asked + datetime.timedelta(days=3)
            memberships.append(
                (
                    network.pk,
                    user,
                    role,
                    status,
                    "I coordinate peers and want to share what we do.",
                    asked,
                    decided,
                    users[0] if decided else None,
                )
            )
        if users and network.editors_group_id:
            editors.append((users[0], network.editors_group_id))
        approved = [
            row[1] for row in memberships if row[0] == network.pk and row[3] == NetworkMembership.Status.APPROVED
        ]
        for number in range(20):
            sent = run.moment(run.day(10, YEARS * 365))
            subscriptions.append(
                (
                    network.pk,
                    f"updates.{network.pk}.{number}@{'synthetic.example'}",
                    f"{rng.getrandbits(192):048x}",
                    sent,
                    sent,
                    sent + datetime.timedelta(hours=2),
                    None,
                )
            )
        day = joined
        while day <= run.today + datetime.timedelta(days=90):
            meeting_id = writer.ids(NetworkMeeting, 1)[0]
            host = rng.choice(service_ids)
            online = rng.random() < 0.4
            meetings.append(
                (
                    meeting_id,
                    network.pk,
                    f"{region.name} network meeting",
                    day,
                    datetime.time(10, 0),
                    datetime.time(12, 30),
                    None if online else host,
                    "",
                    "https://meet.example.org/peer-network" if online else "",
                    "Welcome; job descriptions; team visits; any other business",
                    "" if day > run.today else "Shared two new adverts and agreed the next visits.",
                    "" if day > run.today else "Send the advert template to every team",
                    run.uuid(),
                    0,
                    run.moment(day - datetime.timedelta(days=30)),
                    run.moment(day - datetime.timedelta(days=30)),
                )
            )
            if day <= run.today:
                for user in rng.sample(approved, min(len(approved), rng.randint(3, 12))):
                    attendees.append((meeting_id, user))
            day += datetime.timedelta(days=rng.randint(56, 70))
        if len(service_ids) > 1:
            for _ in range(10):
                visiting, host = rng.sample(service_ids, 2)
                when = run.day(5, YEARS * 365)
                visits.append(
                    (
                        network.pk,
                        visiting,
                        host,
                        when,
                        "See how their peers work at court.",
                        "Peers meet people before the hearing, not after.",
                        run.moment(when),
                    )
                )
        made.append((network, service_ids))
    ids = writer.ids(NetworkMembership, len(memberships))
    columns = ["id", "network_id", "user_id", "role", "status", "reason", "requested_at", "decided_at", "decided_by_id"]
    writer.write(NetworkMembership, columns, ((i, *m) for i, m in zip(ids, memberships, strict=True)))
    through = User.groups.through
    ids = writer.ids(through, len(editors))
    writer.write(through, ["id", "user_id", "group_id"], ((i, *e) for i, e in zip(ids, editors, strict=True)))
    ids = writer.ids(NetworkSubscription, len(subscriptions))
    columns = ["id", "network_id", "email", "token", "created_at", "confirmation_sent_at", "confirmed_at", "stopped_at"]
    writer.write(NetworkSubscription, columns, ((i, *s) for i, s in zip(ids, subscriptions, strict=True)))
    columns = [
        "id",
        "network_id",
        "title",
        "date",
        "start_time",
        "end_time",
        "host_service_id",
        "location",
        "online_url",
    ]
    columns += ["agenda", "notes", "actions", "uid", "sequence", "created_at", "updated_at"]
    writer.write(NetworkMeeting, columns, meetings)
    through = NetworkMeeting.attendees.through
    ids = writer.ids(through, len(attendees))
    writer.write(
        through, ["id", "networkmeeting_id", "user_id"], ((i, *a) for i, a in zip(ids, attendees, strict=True))
    )
    ids = writer.ids(TeamVisit, len(visits))
    columns = [
        "id",
        "network_id",
        "visiting_service_id",
        "host_service_id",
        "date",
        "purpose",
        "learning",
        "created_at",
    ]
    writer.write(TeamVisit, columns, ((i, *v) for i, v in zip(ids, visits, strict=True)))
    _questions(run, made)
    return made


def _questions(run: Run, networks) -> None:
    rng, writer = run.rng, run.writer
    version = FrameworkVersion.objects.published().order_by("pk").first()
    competences = list(
        Competence.objects.filter(version=version).order_by("order", "code").values_list("pk", flat=True)
    )
    profiles = list(RoleProfile.objects.filter(version=version).order_by("pk").values_list("pk", flat=True))
    questions, packs, items = [], [], []
    by_network: dict[int | None, list[int]] = {}
    for competence in competences[:24]:
        for text, good in QUESTIONS:
            network, service_ids = rng.choice(networks)
            shared = rng.random() < 0.3
            (question_id,) = writer.ids(InterviewQuestion, 1)
            questions.append(
                (
                    question_id,
                    competence,
                    text,
                    good,
                    None if shared else network.pk,
                    rng.choice(service_ids),
                    run.moment(run.day(30, 900)),
                )
            )
            by_network.setdefault(None if shared else network.pk, []).append(question_id)
    for network, _services in networks:
        pool = by_network.get(network.pk, []) + by_network.get(None, [])
        for number in range(2):
            (pack_id,) = writer.ids(InterviewPack, 1)
            when = run.day(-30, 400)
            packs.append(
                (
                    pack_id,
                    network.pk,
                    rng.choice(profiles),
                    f"Peer support volunteer interview {number + 1}",
                    "",
                    when,
                    "Chair\nPeer support worker",
                    0,
                    run.moment(when - datetime.timedelta(days=14)),
                    run.moment(when - datetime.timedelta(days=14)),
                )
            )
            for position, question in enumerate(rng.sample(pool, min(len(pool), 6)), start=1):
                items.append((pack_id, question, position))
    writer.write(
        InterviewQuestion,
        ["id", "competence_id", "question", "good_answer", "network_id", "shared_by_id", "created_at"],
        questions,
    )
    columns = [
        "id",
        "network_id",
        "role_profile_id",
        "title",
        "candidate_name",
        "interview_date",
        "panel",
        "lowest_score",
    ]
    writer.write(InterviewPack, [*columns, "created_at", "updated_at"], packs)
    ids = writer.ids(InterviewPackQuestion, len(items))
    writer.write(
        InterviewPackQuestion,
        ["id", "pack_id", "question_id", "position"],
        ((i, *r) for i, r in zip(ids, items, strict=True)),
    )


def _resources(run: Run, networks) -> None:
    rng, writer, scale = run.rng, run.writer, run.scale
    home = HomePage.objects.order_by("path").first() or Page.objects.get(depth=1)
    version = FrameworkVersion.objects.published().order_by("pk").first()
    profiles = list(RoleProfile.objects.filter(version=version).order_by("pk").values_list("pk", "title"))
    tag_ids = []
    for name in TAGS:
        tag, _ = Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
        tag_ids.append(tag.pk)
    page_type = ContentType.objects.get_for_model(Page).pk
    resource_type = ContentType.objects.get_for_model(ResourcePage).pk
    editors = run.made["network_coordinators"]
    pages, specifics, revisions, tags = [], [], [], []
    kinds = list(KINDS)
    per_network = [
        scale.resources // len(networks) + (1 if i < scale.resources % len(networks) else 0)
        for i in range(len(networks))
    ]
    # Hubs first, through the product's service: they take ids from the tables' sequences, and the resource
    # pages' ids are chosen above them afterwards.
    hubs = [
        network_hub_create(network=network, parent=home, introduction=f"News and shared resources from {network.name}.")
        for network, _service_ids in networks
    ]
    for (network, service_ids), count, hub in zip(networks, per_network, hubs, strict=True):
        hub = NetworkHubPage.objects.get(pk=hub.pk)
        last = hub.get_last_child()
        first_step = NetworkHubPage._str2int(last.path[-NetworkHubPage.steplen :]) + 1 if last else 1
        taken = set(hub.get_children().values_list("slug", flat=True))
        owner = editors.get(network.region_id)
        for number, page_id in enumerate(writer.ids(Page, count)):
            kind = kinds[number % len(kinds)]
            profile_id, role = rng.choice(profiles)
            title_form, summary = KINDS[kind]
            title = title_form.format(role=role, role_lower=role.lower())
            title = f"{title} ({number + 1})" if number >= len(kinds) else title
            slug = slugify(title)[:200]
            while slug in taken:
                slug = f"{slug}-{number}"
            taken.add(slug)
            published = run.moment(run.day(1, YEARS * 365))
            (revision_id,) = writer.ids(Revision, 1)
            path = NetworkHubPage._get_path(hub.path, hub.depth + 1, first_step + number)
            visibility = rng.choices(list(Visibility), (60, 25, 15))[0]
            service_id = rng.choice(service_ids)
            body = [
                {
                    "type": "rich_text",
                    "value": "<p>"
                    + summary.format(role_lower=role.lower())
                    + " Shared by our team for others to adapt.</p>",
                    "id": str(run.uuid()),
                }
            ]
            page = {
                "id": page_id,
                "path": path,
                "depth": hub.depth + 1,
                "numchild": 0,
                "translation_key": run.uuid(),
                "locale_id": hub.locale_id,
                "latest_revision_id": revision_id,
                "live": True,
                "has_unpublished_changes": False,
                "first_published_at": published,
                "last_published_at": published,
                "live_revision_id": revision_id,
                "title": title,
                "draft_title": title,
                "slug": slug,
                "content_type_id": resource_type,
                "url_path": f"{hub.url_path}{slug}/",
                "owner_id": owner,
                "latest_revision_created_at": published,
            }
            specific = {
                "page_ptr_id": page_id,
                "resource_type": kind,
                "summary": summary.format(role_lower=role.lower()),
                "body": body,
                "role_profile_id": profile_id if rng.random() < 0.7 else None,
                "service_id": service_id,
                "network_id": network.pk,
                "visibility": visibility,
                "adopted_from_id": None,
                "transcript": TRANSCRIPT.format(role_lower=role.lower()) if kind == ResourceType.PODCAST else "",
            }
            chosen = [(writer.ids(ResourceTag, 1)[0], page_id, tag) for tag in rng.sample(tag_ids, rng.randint(1, 3))]
            tags.extend((tag_id, tag, page) for tag_id, page, tag in chosen)
            instance = ResourcePage(**page, **specific)
            content = get_serializable_data_for_fields(instance)
            content["tagged_items"] = [
                {"pk": tag_id, "content_object": page, "tag": tag} for tag_id, page, tag in chosen
            ]
            content["attachments"] = []
            revisions.append(
                (revision_id, resource_type, page_type, str(page_id), published, owner, title, content, None)
            )
            pages.append(page)
            specifics.append(specific)
        NetworkHubPage.objects.filter(pk=hub.pk).update(numchild=F("numchild") + count)
    for model, rows in ((Page, pages), (ResourcePage, specifics)):
        if rows:
            columns = list(rows[0])
            writer.write(model, columns, (tuple(row[c] for c in columns) for row in rows))
    columns = [
        "id",
        "content_type_id",
        "base_content_type_id",
        "object_id",
        "created_at",
        "user_id",
        "object_str",
        "content",
    ]
    writer.write(Revision, [*columns, "approved_go_live_at"], revisions)
    writer.write(ResourceTag, ["id", "tag_id", "content_object_id"], tags)
    run.made["resource_ids"] = [page["id"] for page in pages]


def _index(run: Run) -> None:
    """Adds the new resource pages to the search index in chunks, as ``update_index`` would."""
    backend = get_search_backend()
    ids = run.made["resource_ids"]
    run.writer.progress.expect(len(ids))
    for start in range(0, len(ids), 500):
        chunk = list(ResourcePage.objects.filter(pk__in=ids[start : start + 500]).prefetch_related("tags"))
        backend.add_bulk(ResourcePage, chunk)
        run.writer.progress.add(len(chunk))
