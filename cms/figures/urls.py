from django.urls import path

from cms.figures import views

app_name = "figures"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures.csv", views.download, {"file_format": "csv"}, name="download-csv"),
    path("figures.xlsx", views.download, {"file_format": "xlsx"}, name="download-xlsx"),
]
