"""Shared resources: job descriptions, interview questions, adverts, guides, podcasts and the like."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.pages.blocks import ContentBlocks
from cms.pages.forms import ChosenObjectsPageForm
from cms.pages.permissions import NetworkPagePermissionTester

AUDIO_EXTENSIONS = ("mp3", "m4a", "ogg", "wav")


class ResourceType(models.TextChoices):
    JOB_DESCRIPTION = "job_description", "Job description"
    ROLE_PROFILE = "role_profile", "Role profile"
    INTERVIEW_QUESTIONS = "interview_questions", "Interview question set"
    ADVERT = "advert", "Advert and where to advertise"
    RECRUITMENT_PROCESS = "recruitment_process", "Recruitment process"
    INDUCTION_PACK = "induction_pack", "Induction pack"
    GUIDE = "guide", "Guide"
    PODCAST = "podcast", "Podcast"


class Visibility(models.TextChoices):
    NETWORK = "network", "Members of this network"
    NETWORKS = "networks", "Members of every network"
    PUBLIC = "public", "Everyone, including the public"


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
        # The attachments are cleaned after the page's own fields, so the rule that ties them is checked here.
        valid = super().is_valid()
        if valid and self.cleaned_data.get("resource_type") != ResourceType.PODCAST:
            for form in self.formsets["attachments"].forms:
                document = form.cleaned_data.get("document")
                if document and not form.cleaned_data.get("DELETE") and (
                    document.file_extension.lower() in AUDIO_EXTENSIONS
                ):
                    self.add_error("resource_type", "Audio files can only be attached to a podcast.")
                    return False
        return valid


class ResourcePage(Page):
    """Something one L&D team shares so others need not start from a blank page.

    It sits under its network's hub. Who may see it is chosen per resource: the network, every network, or
    the public. Attachments are Wagtail documents kept in the network's private collection and served only
    to people who may see a resource that attaches them. A copy adopted by another service points back here.
    """

    resource_type = models.CharField(max_length=30, choices=ResourceType.choices)
    summary = models.TextField(help_text="What it is and how it helped, in two or three sentences.")
    body = StreamField(ContentBlocks(), blank=True)
    role_profile = models.ForeignKey(
        "competencies.RoleProfile", on_delete=models.SET_NULL, null=True, blank=True, related_name="resources",
        help_text="The framework role profile it is for, if any.",
    )
    service = models.ForeignKey(
        "workforce.Service", on_delete=models.PROTECT, related_name="shared_resources",
        verbose_name="shared by", help_text="The service that shares it.",
    )
    network = models.ForeignKey(
        "peernet.Network", on_delete=models.PROTECT, related_name="resources", editable=False
    )
    visibility = models.CharField(
        "who can see it", max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    adopted_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions", editable=False
    )
    tags = ClusterTaggableManager(through=ResourceTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("resource_type"),
        FieldPanel("summary"),
        FieldPanel("role_profile"),
        FieldPanel("service"),
        FieldPanel("visibility"),
        FieldPanel("tags"),
        FieldPanel("body"),
        InlinePanel("attachments", label="Attachments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
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
        from cms.library import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.resource_context(user=request.user, resource=self))
        context["crumbs"] = [("Home", "/"), ("Shared resources", reverse("library:resource-list")), (self.title, "")]
        return context


class ResourceAttachment(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=255, blank=True, help_text="For example 'Word version to edit'.")

    panels = [FieldPanel("document"), FieldPanel("description")]

    def __str__(self):
        return self.document.title
