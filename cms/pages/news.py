"""News for the public: a new podcast series, a network starting up, a framework update."""

import datetime

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.pages.blocks import ContentBlocks
from cms.pages.forms import ChosenObjectsPageForm


class NewsIndexPage(Page):
    """Lists news posts, newest first. Content editors add posts beneath it."""

    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1
    template = "cms/news_index_page.html"
    base_form_class = ChosenObjectsPageForm

    class Meta:
        verbose_name = "news index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["posts"] = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        return context


class NewsPage(Page):
    """One news post. A podcast series is announced here, with episodes linked from the body."""

    date = models.DateField(default=datetime.date.today, help_text="The date shown on the post.")
    summary = models.TextField(help_text="Shown in the list of news and in search results.")
    body = StreamField(ContentBlocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []
    template = "cms/news_page.html"
    base_form_class = ChosenObjectsPageForm

    class Meta:
        verbose_name = "news post"
