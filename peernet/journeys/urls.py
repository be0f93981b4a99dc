from django.urls import path

from peernet.journeys import views

urlpatterns = [
    path("peers/", views.peer_dashboard, name="peer_dashboard"),
    path("peers/add/", views.peer_create, name="peer_create"),
    path("peers/outcomes/", views.outcomes, name="peer_outcomes"),
    path("peers/outcomes/regions/<int:region_pk>/", views.region_outcomes, name="peer_region_outcomes"),
    path("peers/<int:pk>/", views.peer_detail, name="peer_detail"),
    path("peers/<int:pk>/stage/", views.peer_stage, name="peer_stage"),
    path("peers/<int:pk>/coordinators/", views.peer_assign, name="peer_assign"),
    path("peers/<int:pk>/checks/add/", views.check_add, name="peer_check_add"),
    path("peers/<int:pk>/checks/<int:check_pk>/", views.check_edit, name="peer_check_edit"),
    path("peers/<int:pk>/supervision/add/", views.supervision_add, name="peer_supervision_add"),
    path("peers/<int:pk>/supervision/<int:supervision_pk>/", views.supervision_edit, name="peer_supervision_edit"),
    path("peers/<int:pk>/cases/add/", views.allocation_add, name="peer_allocation_add"),
    path("peers/<int:pk>/cases/<int:allocation_pk>/", views.allocation_edit, name="peer_allocation_edit"),
    path("peers/<int:pk>/support/<int:alert_pk>/", views.support_alert_close, name="peer_support_alert_close"),
    path("peers/<int:pk>/cases/<int:allocation_pk>/close/", views.allocation_close, name="peer_allocation_close"),
    path("peers/<int:pk>/milestones/add/", views.milestone_add, name="peer_milestone_add"),
    path("peers/<int:pk>/training/add/", views.training_add, name="peer_training_add"),
    path("peers/<int:pk>/training/<int:training_pk>/", views.training_edit, name="peer_training_edit"),
    path("peers/<int:pk>/extension/", views.extension_request, name="peer_extension_request"),
    path("peers/<int:pk>/extension/<int:extension_pk>/decide/", views.extension_decide, name="peer_extension_decide"),
    path("peers/<int:pk>/hours/<int:log_pk>/decide/", views.hours_decide, name="peer_hours_decide"),
    path("peers/<int:pk>/end/", views.peer_end, name="peer_end"),
    path("peers/<int:pk>/follow-up/", views.follow_up_add, name="peer_follow_up_add"),
    path("peers/<int:pk>/feedback/", views.feedback_add, name="peer_feedback_add"),
    path("my/journey/", views.my_journey, name="my_journey"),
    path("my/journey/hours/", views.my_hours_log, name="my_hours_log"),
    path("my/journey/check-in/", views.my_check_in, name="my_check_in"),
]
