from django.urls import path

from competencies.framework import views

urlpatterns = [
    path("framework/", views.framework_home, name="framework"),
    path("framework/exchange/", views.exchange, name="framework-exchange"),
    path("framework/exchange/import/", views.import_preview, name="framework-import"),
    path("framework/exchange/import/confirm/", views.import_confirm, name="framework-import-confirm"),
    path("framework/exchange/import/columns/", views.import_columns, name="framework-import-columns"),
    path("framework/exchange/versions/<int:pk>/<slug:fmt>/", views.export, name="framework-export"),
    path("framework/exchange/versions/<int:pk>/template/<slug:fmt>/", views.template, name="framework-template"),
    path("framework/<slug:slug>/", views.ladder, name="framework-ladder"),
    path("framework/<slug:slug>/profiles/<slug:code>/", views.profile, name="framework-profile"),
    path("framework/<slug:slug>/versions/", views.versions, name="framework-versions"),
    path("framework/<slug:slug>/versions/<int:number>/", views.ladder, name="framework-version"),
    path(
        "framework/<slug:slug>/versions/<int:number>/profiles/<slug:code>/",
        views.profile,
        name="framework-version-profile",
    ),
    path("framework/<slug:slug>/compare/", views.compare, name="framework-compare"),
    path("framework/<slug:slug>/competences/", views.search, name="framework-search"),
]
