"""A network's hub page: its own news and pinned guidance, seen by its members only."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.library.resource import ResourcePage
from cms.pages.blocks import ContentBlocks
from cms.pages.forms import ChosenObjectsPageForm
from cms.permissions import NetworkPagePermissionTester
from peernet.networks import selectors as network_selectors


class NetworkHubPageForm(ChosenObjectsPageForm):
    """Which network a hub belongs to decides who may see it, so it is chosen once, when the hub is made."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "network" in self.fields:
            self.fields["network"].disabled = True


class NetworkHubPage(Page):
    """The front page of one regional peer network, edited by that network's coordinators.

    Who may see it is the network's business (members only; everyone else gets 404, checked by the
    ``before_serve_page`` hook in ``wagtail_hooks``). Who may edit it is set by the network's editors group,
    given rights on this page when it is created.
    """

    network = models.OneToOneField("peernet.Network", on_delete=models.PROTECT, related_name="hub_page")
    introduction = models.TextField(blank=True, help_text="One or two sentences under the title.")
    body = StreamField(ContentBlocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("network"), FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ResourcePage"]
    template = "cms/network_hub_page.html"
    base_form_class = NetworkHubPageForm

    class Meta:
        verbose_name = "network hub page"

    def permissions_for_user(self, user):
        return NetworkPagePermissionTester(user, self, hub_path=self.path)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        upcoming, _past = network_selectors.network_meetings(network=self.network, today=timezone.localdate())
        children = ResourcePage.objects.visible_to(user).child_of(self).order_by("-first_published_at", "-pk")
        context.update(
            {
                "network": self.network,
                "resources": children.for_listing()[:20],
                "upcoming": upcoming[:5],
                "can_manage": user.has_perm("peernet.manage_network", self.network),
            }
        )
        context["crumbs"] = [("Home", "/"), ("Peer networks", reverse("peernet:network-list")), (self.title, "")]
        return context
