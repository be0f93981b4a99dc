from django.urls import path

from competencies.evidence import views

urlpatterns = [
    path("assessments/<int:pk>/ratings/<int:rating_pk>/evidence/", views.evidence, name="evidence"),
    path("assessments/<int:pk>/evidence/<int:item_pk>/remove/", views.evidence_remove, name="evidence-remove"),
    path("assessments/<int:pk>/evidence/<int:item_pk>/download/", views.evidence_download, name="evidence-download"),
]
