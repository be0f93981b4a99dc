"""Standard content pages for the public site."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.pages.blocks import ContentBlocks
from cms.pages.forms import ChosenObjectsPageForm


class ContentPage(Page):
    """A standard page editors can change: guidance, about, accessibility statement, and the like."""

    summary = models.TextField(blank=True, help_text="Shown under the title and in search results.")
    body = StreamField(ContentBlocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    template = "cms/content_page.html"
    base_form_class = ChosenObjectsPageForm
