from django.urls import path, re_path

from workforce.audit import views

urlpatterns = [
    path("audit/", views.trail, name="audit-trail"),
    re_path(r"^audit/export\.(?P<file_format>csv|xlsx)$", views.trail_export, name="audit-trail-export"),
]
