"""Every Wagtail page type, one module each, imported here so Django finds them.

Public pages are in ``cms/pages/``; a network's hub and shared resources in ``cms/library/``.
"""

from cms.library.network_hub import NetworkHubPage
from cms.library.resource import ResourceAttachment, ResourcePage, ResourceTag
from cms.library.sharing import ResourceReview
from cms.pages.content import ContentPage
from cms.pages.home import HomePage
from cms.pages.news import NewsIndexPage, NewsPage
from cms.records.models import Erasure, RecordReview, ReviewDecision

__all__ = [
    "HomePage",
    "ContentPage",
    "NewsIndexPage",
    "NewsPage",
    "NetworkHubPage",
    "ResourcePage",
    "ResourceAttachment",
    "ResourceTag",
    "ResourceReview",
    "RecordReview",
    "ReviewDecision",
    "Erasure",
]
