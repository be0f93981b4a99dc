"""Writes for network hubs and shared resources."""

import logging
import re
from html import unescape as html_unescape

import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.documents.models import Document
from wagtail.models import GroupPagePermission, Page

from cms.library.network_hub import NetworkHubPage
from cms.library.resource import ResourceAttachment, ResourcePage, Visibility, podcast_problems
from cms.library.sharing import ResourceReview
from peernet.models import Network
from peernet.permissions import member_network_ids
from workforce import roles
from workforce.common.links import absolute_url

logger = logging.getLogger(__name__)

# What a network's editors group (and the administrators) may do on its hub and the resources beneath it.
HUB_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def hub_permissions_grant(*, hub: NetworkHubPage) -> None:
    """Rights on the hub itself, for the network's editors and for administrators.

    Rights inherited from above a hub do not reach it (``cms/permissions.py``), so administrators,
    who may see and mend every network, are given them here, on each hub, like its editors.
    """
    group = hub.network.editors_group
    if group is None:
        raise ValidationError("This network has no editors group. Save the network again to make one.")
    administrators, _ = Group.objects.get_or_create(name=roles.ADMINISTRATOR.name)
    permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=HUB_PERMISSIONS)
    for holder in (group, administrators):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=holder, page=hub, permission=permission)


@transaction.atomic
def network_hub_create(*, network: Network, parent: Page, introduction: str = "", body=None) -> NetworkHubPage:
    """The network's hub page under ``parent`` (the home page), with rights for its coordinators only."""
    hub = NetworkHubPage.objects.filter(network=network).first()
    if hub is None:
        hub = NetworkHubPage(
            title=network.name, slug=network.slug, network=network, introduction=introduction, show_in_menus=False
        )
        if body is not None:
            hub.body = body
        parent.add_child(instance=hub)
        hub.save_revision().publish()
    hub_permissions_grant(hub=hub)
    return hub


def _unique_slug(parent: Page, base: str) -> str:
    base = slugify(base)[:200] or "resource"
    slug, number = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def resource_publish(
    *,
    hub: NetworkHubPage,
    title: str,
    resource_type: str,
    summary: str,
    service,
    visibility: str = Visibility.NETWORK,
    role_profile=None,
    tags=(),
    documents=(),
    body=None,
    transcript: str = "",
    user=None,
) -> ResourcePage:
    problems = podcast_problems(resource_type=resource_type, transcript=transcript, documents=documents)
    if problems:
        raise ValidationError(problems)
    resource = ResourcePage(
        title=title,
        slug=_unique_slug(hub, title),
        resource_type=resource_type,
        summary=summary,
        service=service,
        visibility=visibility,
        role_profile=role_profile,
        network=hub.network,
        transcript=transcript,
        owner=user,
    )
    if body is not None:
        resource.body = body
    resource.tags.set(list(tags))
    resource.attachments = [ResourceAttachment(document=document) for document in documents]
    hub.add_child(instance=resource)
    resource.save_revision(user=user).publish(user=user)
    return resource


@transaction.atomic
def resource_adopt(*, resource: ResourcePage, user, network: Network) -> ResourcePage:
    """Copy a resource into the user's service's library, in one of their networks, linked to the original."""
    if not hasattr(user, "staff_profile") or not user.has_perm("cms.adopt_resource", resource):
        raise ValidationError("Only members of a network who work in a service can adopt resources.")
    service = user.staff_profile.service
    if network.pk not in member_network_ids(user):
        raise ValidationError("Choose a network you belong to.")
    if resource.service_id == service.pk:
        raise ValidationError("This resource is already your service's.")
    if resource.adoptions.filter(service=service).exists():
        raise ValidationError(f"{service.name} has already adopted this resource.")
    hub = NetworkHubPage.objects.filter(network=network).first()
    if hub is None:
        raise ValidationError(f"{network.name} has no hub page to keep the copy in yet. Ask its coordinator.")
    copy = resource.copy(
        to=hub,
        update_attrs={
            "slug": _unique_slug(hub, f"{resource.slug}-{service.slug}"),
            "service": service,
            "network": network,
            "adopted_from": resource,
            "visibility": Visibility.NETWORK,
            "owner": user,
        },
        keep_live=True,
        copy_revisions=False,
        user=user,
    )
    return copy.specific


# --- Sharing from the app, with a coordinator's approval ------------------------------------------------------


def _rich_text(text: str) -> list:
    """A member's plain text as the body's one rich-text block: a paragraph per blank-line-separated part."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    if not paragraphs:
        return []
    html = "".join("<p>" + escape(part).replace("\n", "<br>") + "</p>" for part in paragraphs)
    return [("rich_text", html)]


def body_as_text(body) -> str | None:
    """The body as the plain text the app's form edits, or None when it holds more than plain paragraphs
    (lists, links, other blocks made in the editor), which the app leaves as they are rather than flatten."""
    if not body:
        return ""
    if len(body) != 1 or body[0].block_type != "rich_text":
        return None
    html = body[0].value.source
    parts = re.findall(r"<p>(.*?)</p>", html, flags=re.DOTALL)
    text = "\n\n".join(html_unescape(part.replace("<br>", "\n")) for part in parts)
    made = _rich_text(text)
    return text if made and made[0][1] == html else None


def _documents_from(uploads, network: Network) -> list[Document]:
    """Uploads (already checked by the form) as documents in the network's private collection."""
    documents = []
    for upload in uploads:
        document = Document(title=upload.name, file=upload, collection=network.collection)
        document._set_document_file_metadata()
        document.save()
        documents.append(document)
    return documents


def _coordinator_emails(network: Network) -> list[str]:
    users = get_user_model().objects.filter(network_memberships__in=network.memberships.coordinators(), is_active=True)
    return sorted({user.email for user in users if user.email})


def _send(subject: str, body: str, recipients: list[str]) -> None:
    # Sent once the change is saved; a mail server that is down must not undo the member's work.
    def send():
        try:
            send_mail(subject, body, None, recipients)
        except OSError:
            logger.exception("Could not send %r", subject)

    if recipients:
        transaction.on_commit(send)


def _ask_coordinators(review: ResourceReview) -> None:
    resource = review.resource
    who = review.submitted_by.get_full_name() or review.submitted_by.email
    what = "shared a new resource" if review.is_new else "changed a resource"
    _send(
        f"A resource is waiting for your approval: {review.revision.object_str}",
        f"{who} ({resource.service.name}) has {what} in the {resource.network.name}.\n\n"
        "Nobody else sees it until a coordinator approves it. Check it and approve it, or send it back "
        f"with a note: {absolute_url(reverse('library:resource-review', args=[review.pk]))}\n",
        _coordinator_emails(resource.network),
    )


def _page_fields(page: ResourcePage, *, title, summary, body_text, visibility, role_profile, transcript) -> None:
    page.title = title
    page.draft_title = title
    page.summary = summary
    if body_text is not None:  # None keeps a body made in the editor as it is
        page.body = _rich_text(body_text)
    page.visibility = visibility
    page.role_profile = role_profile
    page.transcript = transcript


@transaction.atomic
def resource_share(
    *,
    user,
    network: Network,
    resource_type: str,
    title: str,
    summary: str,
    body_text: str = "",
    visibility: str = Visibility.NETWORK,
    role_profile=None,
    transcript: str = "",
    uploads=(),
) -> ResourceReview:
    """A member's new resource, kept as a draft under the network's hub until a coordinator approves it."""
    profile = getattr(user, "staff_profile", None)
    if profile is None or not rules.has_perm("cms.share_resource", user):
        raise ValidationError("Only network members who work in a service can share resources.")
    if network.pk not in member_network_ids(user):
        raise ValidationError({"network": "Choose a network you belong to."})
    hub = NetworkHubPage.objects.filter(network=network).first()
    if hub is None:
        raise ValidationError({"network": f"{network.name} has no hub page to share in yet. Ask its coordinator."})
    problems = podcast_problems(
        resource_type=resource_type, transcript=transcript, documents=uploads, audio_field="files", files="Files"
    )
    if problems:
        raise ValidationError(problems)
    resource = ResourcePage(
        slug=_unique_slug(hub, title),
        resource_type=resource_type,
        service=profile.service,
        network=network,
        owner=user,
        live=False,
    )
    _page_fields(
        resource,
        title=title,
        summary=summary,
        body_text=body_text,
        visibility=visibility,
        role_profile=role_profile,
        transcript=transcript,
    )
    resource.attachments = [ResourceAttachment(document=document) for document in _documents_from(uploads, network)]
    hub.add_child(instance=resource)
    revision = resource.save_revision(user=user)
    review = ResourceReview.objects.create(resource=resource, revision=revision, is_new=True, submitted_by=user)
    _ask_coordinators(review)
    return review


@transaction.atomic
def resource_change(
    *,
    resource: ResourcePage,
    user,
    title: str,
    summary: str,
    body_text: str | None = "",  # None keeps a body made in the editor
    visibility: str = Visibility.NETWORK,
    role_profile=None,
    transcript: str = "",
    uploads=(),
    remove=(),
) -> ResourceReview:
    """A change to a resource the member's service holds. The published version stays as it is until a
    coordinator approves the change; a change already waiting is replaced by this one."""
    if not rules.has_perm("cms.change_resource", user, resource):
        raise ValidationError("Only people in the service that holds this resource can change it.")
    resource = ResourcePage.objects.select_for_update().get(pk=resource.pk)
    draft = resource.get_latest_revision_as_object()
    kept = [attachment for attachment in draft.attachments.all() if attachment.document_id not in set(remove)]
    documents = [attachment.document for attachment in kept] + list(uploads)
    problems = podcast_problems(
        resource_type=draft.resource_type,
        transcript=transcript,
        documents=documents,
        audio_field="files",
        files="Files",
    )
    if problems:
        raise ValidationError(problems)
    _page_fields(
        draft,
        title=title,
        summary=summary,
        body_text=body_text,
        visibility=visibility,
        role_profile=role_profile,
        transcript=transcript,
    )
    new = [ResourceAttachment(document=document) for document in _documents_from(uploads, resource.network)]
    draft.attachments = [ResourceAttachment(document_id=a.document_id, description=a.description) for a in kept] + new
    revision = draft.save_revision(user=user)
    review = resource.reviews.waiting().first()
    if review is None:
        review = ResourceReview(resource=resource, is_new=not resource.live)
    review.revision = revision
    review.submitted_by = user
    review.submitted_at = timezone.now()
    review.save()
    _ask_coordinators(review)
    return review


def _decided(review: ResourceReview, user) -> ResourceReview:
    review = ResourceReview.objects.select_for_update().select_related("resource", "revision").get(pk=review.pk)
    if not review.waiting:
        raise ValidationError("Another coordinator has already decided on this. It is no longer waiting.")
    if not rules.has_perm("cms.review_shared_resource", user, review):
        raise ValidationError("Only a coordinator of this network can decide on it.")
    return review


def _tell_submitter(review: ResourceReview, subject: str, body: str) -> None:
    submitter = review.submitted_by
    if submitter is not None and submitter.is_active and submitter.email:
        _send(subject, body, [submitter.email])


@transaction.atomic
def resource_review_approve(*, review: ResourceReview, user) -> ResourcePage:
    """Publish the version the member sent: from now on everyone its visibility allows can see it."""
    review = _decided(review, user)
    review.revision.publish(user=user)
    review.decision, review.decided_by, review.decided_at = ResourceReview.Decision.APPROVED, user, timezone.now()
    review.save(update_fields=["decision", "decided_by", "decided_at"])
    resource = review.resource
    resource.refresh_from_db()
    _tell_submitter(
        review,
        f"Your resource is shared: {resource.title}",
        f"A coordinator of the {resource.network.name} approved “{resource.title}”. "
        f"People can see it now: {absolute_url(resource.url)}\n",
    )
    return resource


@transaction.atomic
def resource_review_return(*, review: ResourceReview, user, note: str) -> ResourceReview:
    """Send the version back with a note. What was published before (if anything) stays published."""
    if not note.strip():
        raise ValidationError({"note": "Say what needs to change, so they know what to do."})
    review = _decided(review, user)
    review.decision, review.decided_by, review.decided_at = ResourceReview.Decision.RETURNED, user, timezone.now()
    review.note = note.strip()
    review.save(update_fields=["decision", "decided_by", "decided_at", "note"])
    edit = absolute_url(reverse("library:resource-edit", args=[review.resource_id]))
    _tell_submitter(
        review,
        f"Changes asked for: {review.revision.object_str}",
        f"A coordinator of the {review.resource.network.name} sent “{review.revision.object_str}” back "
        f"with this note:\n\n{review.note}\n\n"
        f"Make the changes and send it again: {edit}\n",
    )
    return review
