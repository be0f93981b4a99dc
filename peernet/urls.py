from django.urls import path  # noqa: F401

app_name = "peernet"

urlpatterns = []

# Peer journeys
from .views import journeys as journey_views  # noqa: E402

urlpatterns += [
    path("peers/", journey_views.peer_dashboard, name="peer_dashboard"),
    path("peers/add/", journey_views.peer_create, name="peer_create"),
    path("peers/outcomes/", journey_views.outcomes, name="peer_outcomes"),
    path("peers/outcomes/regions/<int:region_pk>/", journey_views.region_outcomes, name="peer_region_outcomes"),
    path("peers/<int:pk>/", journey_views.peer_detail, name="peer_detail"),
    path("peers/<int:pk>/stage/", journey_views.peer_stage, name="peer_stage"),
    path("peers/<int:pk>/coordinators/", journey_views.peer_assign, name="peer_assign"),
    path("peers/<int:pk>/checks/add/", journey_views.check_add, name="peer_check_add"),
    path("peers/<int:pk>/supervision/add/", journey_views.supervision_add, name="peer_supervision_add"),
    path("peers/<int:pk>/cases/add/", journey_views.allocation_add, name="peer_allocation_add"),
    path("peers/<int:pk>/cases/<int:allocation_pk>/close/", journey_views.allocation_close,
         name="peer_allocation_close"),
    path("peers/<int:pk>/milestones/add/", journey_views.milestone_add, name="peer_milestone_add"),
    path("peers/<int:pk>/training/add/", journey_views.training_add, name="peer_training_add"),
    path("peers/<int:pk>/extension/", journey_views.extension_request, name="peer_extension_request"),
    path("peers/<int:pk>/extension/<int:extension_pk>/decide/", journey_views.extension_decide,
         name="peer_extension_decide"),
    path("peers/<int:pk>/hours/<int:log_pk>/decide/", journey_views.hours_decide, name="peer_hours_decide"),
    path("peers/<int:pk>/end/", journey_views.peer_end, name="peer_end"),
    path("peers/<int:pk>/follow-up/", journey_views.follow_up_add, name="peer_follow_up_add"),
    path("peers/<int:pk>/feedback/", journey_views.feedback_add, name="peer_feedback_add"),
    path("my/journey/", journey_views.my_journey, name="my_journey"),
    path("my/journey/hours/", journey_views.my_hours_log, name="my_hours_log"),
]
