from django.urls import path

from competencies.assessments import progress, views

urlpatterns = [
    path("assessments/", views.assessment_list, name="assessment-list"),
    path("my/progress/", progress.my_progress, name="my-progress"),
    path("assessments/start/", views.assessment_start, name="assessment-start"),
    path("assessments/reviews/", views.review_queue, name="review-queue"),
    path("assessments/team/", views.team_view, name="team"),
    path("assessments/team/export.<str:fmt>", views.team_export, name="team-export"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/domains/<int:domain_pk>/", views.assessment_rate, name="assessment-rate"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment-submit"),
    path("assessments/<int:pk>/results/", views.assessment_results, name="assessment-results"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment-review"),
    path("assessments/<int:pk>/decision/", views.assessment_decision, name="assessment-decision"),
    path("assessments/<int:pk>/summary.pdf", views.assessment_pdf, name="assessment-pdf"),
]
