from django.urls import path

from cms.library import podcast_feed, sharing_views, views

app_name = "library"

urlpatterns = [
    path("", views.resource_list, name="resource-list"),
    path("my-service/", views.service_library, name="service-library"),
    path("<int:pk>/adopt/", views.resource_adopt, name="resource-adopt"),
    path("share/", sharing_views.resource_share, name="resource-share"),
    path("<int:pk>/change/", sharing_views.resource_edit, name="resource-edit"),
    path("waiting/", sharing_views.review_list, name="resource-reviews"),
    path("waiting/<int:pk>/", sharing_views.review_detail, name="resource-review"),
    path("podcasts/<slug:network>/feed.rss", podcast_feed.podcast_feed, name="podcast-feed"),
]
