from django.urls import path

from cms.library import views

app_name = "library"

urlpatterns = [
    path("", views.resource_list, name="resource-list"),
    path("my-service/", views.service_library, name="service-library"),
    path("<int:pk>/adopt/", views.resource_adopt, name="resource-adopt"),
]
