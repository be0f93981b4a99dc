"""Shared resources: job descriptions, interview questions, adverts, guides, podcasts and the like."""

import rules
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.library.choices import AUDIO_TYPES, ResourceType, Visibility
from cms.pages.blocks import ContentBlocks
from cms.pages.forms import ChosenObjectsPageForm
from cms.permissions import NetworkPagePermissionTester
from peernet.models import Network
from peernet.permissions import member_network_ids
from workforce.permissions import is_administrator


def may_adopt(user, resource) -> bool:
    """Whether adopting would work for this user: the one rule behind the "Adopt" button and the adopt page.

    The app's rules are asked directly, not ``user.has_perm``, which says yes to a superuser for anything:
    a superuser with no service, or an administrator in no network, has nowhere to keep a copy. The copy goes
    into the user's service, under the hub of a network they belong to, so both must exist.
    """
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    if profile is None or resource.service_id == profile.service_id:
        return False
    if not rules.has_perm("cms.adopt_resource", user, resource):
        return False
    return Network.objects.active().with_member(user).filter(hub_page__isnull=False).exists()


class ResourceTag(TaggedItemBase):
    content_object = ParentalKey("cms.ResourcePage", on_delete=models.CASCADE, related_name="tagged_items")


class ResourcePageForm(ChosenObjectsPageForm):
    """A resource always belongs to the network whose hub it sits under, so editors cannot file it elsewhere."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        self.parent_page = parent_page

    def clean(self):
        cleaned = super().clean()
        if self.parent_page is not None and not self.instance.network_id:
            hub = self.parent_page.specific
            self.instance.network_id = getattr(hub, "network_id", None)
        return cleaned

    def is_valid(self):
        # The attachments are cleaned after the page's own fields, so the rules that tie them are checked here.
        valid = super().is_valid()
        if not valid:
            return False
        documents = [
            form.cleaned_data["document"]
            for form in self.formsets["attachments"].forms
            if form.cleaned_data.get("document") and not form.cleaned_data.get("DELETE")
        ]
        problems = podcast_problems(
            resource_type=self.cleaned_data.get("resource_type"),
            transcript=self.cleaned_data.get("transcript", ""),
            documents=documents,
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return not problems


def is_audio(file) -> bool:
    """Whether a document (or a file being uploaded) is audio, by its extension; uploads' content is checked
    against their extension before they are kept."""
    name = file.filename if hasattr(file, "filename") else file.name
    return name.rsplit(".", 1)[-1].lower() in AUDIO_TYPES


def podcast_problems(
    *, resource_type: str, transcript: str, documents, audio_field: str = "resource_type", files: str = "Attachments"
) -> dict[str, str]:
    """What stops a resource being published, by field: the rules that tie podcasts to their audio.

    An episode needs its audio file and a transcript (so people who cannot hear it can still have it); audio
    belongs to podcasts only. ``audio_field`` and ``files`` name where the form that asks takes files.
    """
    has_audio = any(is_audio(document) for document in documents)
    if resource_type != ResourceType.PODCAST:
        return {audio_field: "Audio files can only be attached to a podcast."} if has_audio else {}
    problems = {}
    if not has_audio:
        problems[audio_field] = (
            f"Attach the episode's audio file (MP3, M4A, OGG or WAV) under {files}, or choose another type."
        )
    if not transcript.strip():
        problems["transcript"] = "Add the transcript: every word said in the episode, so everyone can follow it."
    return problems


class ResourcePageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Live resources the user may see: the rule of ``cms.view_resource``, as one query."""
        resources = self.live()
        if is_administrator(user):
            return resources
        networks = member_network_ids(user)
        rule = Q(visibility=Visibility.PUBLIC)
        if networks:
            rule |= Q(visibility=Visibility.NETWORKS) | Q(visibility=Visibility.NETWORK, network__in=networks)
        return resources.filter(rule)

    def for_listing(self):
        """With what a list of resources shows joined in, so the list costs the same for any length."""
        return (
            self.select_related("service", "role_profile", "network", "network__region")
            .prefetch_related("tags")
            .annotate(adoption_count=Count("adoptions__service", filter=Q(adoptions__live=True), distinct=True))
        )


class ResourcePage(Page):
    """Something one L&D team shares so others need not start from a blank page.

    It sits under its network's hub. Who may see it is chosen per resource: the network, every network, or
    the public. Attachments are Wagtail documents kept in the network's private collection and served only
    to people who may see a resource that attaches them. A copy adopted by another service points back here.
    """

    resource_type = models.CharField(max_length=30, choices=ResourceType.choices)
    summary = models.TextField(help_text="What it is and how it helped, in two or three sentences.")
    body = StreamField(ContentBlocks(), blank=True)
    transcript = models.TextField(
        blank=True,
        help_text="Podcasts only, and needed for them: every word said, with who says it. "
        "Leave a blank line between speakers.",
    )
    role_profile = models.ForeignKey(
        "competencies.RoleProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        help_text="The framework role profile it is for, if any.",
    )
    service = models.ForeignKey(
        "workforce.Service",
        on_delete=models.PROTECT,
        related_name="shared_resources",
        verbose_name="shared by",
        help_text="The service that shares it.",
    )
    network = models.ForeignKey("peernet.Network", on_delete=models.PROTECT, related_name="resources", editable=False)
    visibility = models.CharField(
        "who can see it", max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    adopted_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions", editable=False
    )
    tags = ClusterTaggableManager(through=ResourceTag, blank=True)

    objects = PageManager.from_queryset(ResourcePageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("resource_type"),
        FieldPanel("summary"),
        FieldPanel("role_profile"),
        FieldPanel("service"),
        FieldPanel("visibility"),
        FieldPanel("tags"),
        FieldPanel("body"),
        FieldPanel("transcript"),
        InlinePanel("attachments", label="Attachments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("transcript"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("resource_type"),
        index.FilterField("role_profile"),
        index.FilterField("network"),
        index.FilterField("visibility"),
    ]
    parent_page_types = ["cms.NetworkHubPage"]
    subpage_types = []
    base_form_class = ResourcePageForm
    template = "cms/resource_page.html"

    class Meta:
        verbose_name = "shared resource"

    def permissions_for_user(self, user):
        return NetworkPagePermissionTester(user, self, hub_path=self.path[: -self.steplen])

    def clean(self):
        super().clean()
        if self.role_profile_id and self.role_profile.version.status != "published":
            raise ValidationError({"role_profile": "Choose a role profile from the published framework."})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self._shown_beside(request.user))
        if context["podcast_feed"]:
            context["podcast_feed_address"] = request.build_absolute_uri(context["podcast_feed"])
        context["crumbs"] = [("Home", "/"), ("Shared resources", reverse("library:resource-list")), (self.title, "")]
        return context

    def _shown_beside(self, user):
        """What the page shows beside its content: the original it was adopted from, who adopted it."""
        original = None
        if self.adopted_from_id:
            original = (
                ResourcePage.objects.visible_to(user).filter(pk=self.adopted_from_id).select_related("service").first()
            )
        adopted_by = self.adoptions.live().values_list("service__name", flat=True).distinct().order_by("service__name")
        profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
        already = profile is not None and self.adoptions.filter(service_id=profile.service_id).exists()
        attachments = list(self.attachments.select_related("document"))
        episode = self.episode_attachment(attachments)
        return {
            "audio": episode,
            "audio_type": AUDIO_TYPES[episode.document.file_extension.lower()] if episode else "",
            "transcript_paragraphs": [part.strip() for part in self.transcript.split("\n\n") if part.strip()],
            "attachments": [a for a in attachments if a is not episode],
            "podcast_feed": self.podcast_feed_url() if episode and self.visibility == Visibility.PUBLIC else "",
            "original": original,
            "adopted_by": list(adopted_by),
            "can_adopt": not already and may_adopt(user, self),
            "can_change": rules.has_perm("cms.change_resource", user, self),
            "already_adopted": already,
        }

    def episode_attachment(self, attachments=None):
        """The attachment that is the episode's audio: a podcast's first audio file."""
        if self.resource_type != ResourceType.PODCAST:
            return None
        attachments = self.attachments.select_related("document") if attachments is None else attachments
        return next((attachment for attachment in attachments if is_audio(attachment.document)), None)

    def podcast_feed_url(self) -> str:
        return reverse("library:podcast-feed", kwargs={"network": self.network.slug})


class ResourceAttachment(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=255, blank=True, help_text="For example 'Word version to edit'.")

    panels = [FieldPanel("document"), FieldPanel("description")]

    def __str__(self):
        return self.document.title
