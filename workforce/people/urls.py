from django.urls import path, re_path

from workforce.people import views

urlpatterns = [
    path("staff/import/", views.staff_import_view, name="staff-import"),
    re_path(
        r"^staff/import/template\.(?P<file_format>csv|xlsx)$", views.staff_import_template, name="staff-import-template"
    ),
]
