from django.urls import path

from competencies.plans import views

urlpatterns = [
    path("assessments/<int:pk>/plan/", views.assessment_plan, name="assessment-plan"),
    path("assessments/<int:pk>/plan/<int:action_pk>/", views.plan_action_status, name="plan-action-status"),
    path("assessments/<int:pk>/plan/<int:action_pk>/change/", views.plan_action_edit, name="plan-action-edit"),
    path("assessments/<int:pk>/plan/<int:action_pk>/remove/", views.plan_action_remove, name="plan-action-remove"),
    path("assessments/<int:pk>/plan/<int:action_pk>/sign-up/", views.plan_action_sign_up, name="plan-action-sign-up"),
    path(
        "assessments/<int:pk>/plan/<int:action_pk>/evidence/", views.plan_action_evidence, name="plan-action-evidence"
    ),
]
