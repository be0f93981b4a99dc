from django.urls import path

from workforce.downloads import views

urlpatterns = [
    path("downloads/", views.download_list, name="download-list"),
    path("downloads/<uuid:pk>/", views.download_detail, name="download-detail"),
    path("downloads/<uuid:pk>/file", views.download_file, name="download-file"),
]
