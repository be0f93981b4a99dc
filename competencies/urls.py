from django.urls import path  # noqa: F401

from .views import framework as framework_views

app_name = "competencies"

urlpatterns = [
    path("framework/", framework_views.framework_home, name="framework"),
    path("framework/<slug:slug>/", framework_views.ladder, name="framework-ladder"),
    path("framework/<slug:slug>/profiles/<slug:code>/", framework_views.profile, name="framework-profile"),
    path("framework/<slug:slug>/compare/", framework_views.compare, name="framework-compare"),
    path("framework/<slug:slug>/competences/", framework_views.search, name="framework-search"),
]
