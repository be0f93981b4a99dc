from django.urls import path  # noqa: F401

app_name = "competencies"

urlpatterns = []

from .views import assessments as assessment_views  # noqa: E402

urlpatterns += [
    path("assessments/", assessment_views.assessment_list, name="assessment-list"),
    path("assessments/start/", assessment_views.assessment_start, name="assessment-start"),
    path("assessments/reviews/", assessment_views.review_queue, name="review-queue"),
    path("assessments/team/", assessment_views.team_view, name="team"),
    path("assessments/team/export.<str:fmt>", assessment_views.team_export, name="team-export"),
    path("assessments/<int:pk>/", assessment_views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/domains/<int:domain_pk>/", assessment_views.assessment_rate, name="assessment-rate"),
    path("assessments/<int:pk>/submit/", assessment_views.assessment_submit, name="assessment-submit"),
    path("assessments/<int:pk>/results/", assessment_views.assessment_results, name="assessment-results"),
    path("assessments/<int:pk>/review/", assessment_views.assessment_review, name="assessment-review"),
    path("assessments/<int:pk>/decision/", assessment_views.assessment_decision, name="assessment-decision"),
    path("assessments/<int:pk>/plan/", assessment_views.assessment_plan, name="assessment-plan"),
    path("assessments/<int:pk>/plan/<int:action_pk>/", assessment_views.plan_action_status,
         name="plan-action-status"),
    path("assessments/<int:pk>/summary.pdf", assessment_views.assessment_pdf, name="assessment-pdf"),
]
