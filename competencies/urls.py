from django.urls import path  # noqa: F401

from .views import framework as framework_views

app_name = "competencies"

urlpatterns = [
    path("framework/", framework_views.framework_home, name="framework"),
    path("framework/exchange/", framework_views.exchange, name="framework-exchange"),
    path("framework/exchange/import/", framework_views.import_preview, name="framework-import"),
    path("framework/exchange/import/confirm/", framework_views.import_confirm, name="framework-import-confirm"),
    path("framework/exchange/versions/<int:pk>/<slug:fmt>/", framework_views.export, name="framework-export"),
    path("framework/exchange/versions/<int:pk>/template/<slug:fmt>/", framework_views.template,
         name="framework-template"),
    path("framework/<slug:slug>/", framework_views.ladder, name="framework-ladder"),
    path("framework/<slug:slug>/profiles/<slug:code>/", framework_views.profile, name="framework-profile"),
    path("framework/<slug:slug>/compare/", framework_views.compare, name="framework-compare"),
    path("framework/<slug:slug>/competences/", framework_views.search, name="framework-search"),
]
