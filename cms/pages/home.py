"""The site's home page."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.pages.blocks import ContentBlocks
from cms.pages.forms import ChosenObjectsPageForm


class HomePage(Page):
    """The public front door: what L&D Pathways is, who it is for, and how to sign in.

    There is one per site; every other public page sits beneath it.
    """

    introduction = models.TextField(blank=True, help_text="One or two sentences under the title.")
    body = StreamField(ContentBlocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    template = "cms/home_page.html"
    base_form_class = ChosenObjectsPageForm
