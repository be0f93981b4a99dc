from django.urls import path

from competencies.views import assessments as assessment_views
from competencies.views import framework as framework_views

app_name = "competencies"

urlpatterns = [
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
