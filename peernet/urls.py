from django.urls import path

from peernet.views import journeys as journey_views
from peernet.views import networks as network_views

app_name = "peernet"

# Peer journeys
urlpatterns = [
    path("peers/", journey_views.peer_dashboard, name="peer_dashboard"),
    path("peers/add/", journey_views.peer_create, name="peer_create"),
    path("peers/outcomes/", journey_views.outcomes, name="peer_outcomes"),
    path("peers/outcomes/regions/<int:region_pk>/", journey_views.region_outcomes, name="peer_region_outcomes"),
    path("peers/<int:pk>/", journey_views.peer_detail, name="peer_detail"),
    path("peers/<int:pk>/stage/", journey_views.peer_stage, name="peer_stage"),
    path("peers/<int:pk>/coordinators/", journey_views.peer_assign, name="peer_assign"),
    path("peers/<int:pk>/checks/add/", journey_views.check_add, name="peer_check_add"),
    path("peers/<int:pk>/checks/<int:check_pk>/", journey_views.check_edit, name="peer_check_edit"),
    path("peers/<int:pk>/supervision/add/", journey_views.supervision_add, name="peer_supervision_add"),
    path("peers/<int:pk>/supervision/<int:supervision_pk>/", journey_views.supervision_edit,
         name="peer_supervision_edit"),
    path("peers/<int:pk>/cases/add/", journey_views.allocation_add, name="peer_allocation_add"),
    path("peers/<int:pk>/cases/<int:allocation_pk>/close/", journey_views.allocation_close,
         name="peer_allocation_close"),
    path("peers/<int:pk>/milestones/add/", journey_views.milestone_add, name="peer_milestone_add"),
    path("peers/<int:pk>/training/add/", journey_views.training_add, name="peer_training_add"),
    path("peers/<int:pk>/training/<int:training_pk>/", journey_views.training_edit, name="peer_training_edit"),
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

# Networks
urlpatterns += [
    path("networks/", network_views.network_list, name="network-list"),
    path("networks/interview-pack/", network_views.interview_pack, name="interview-pack"),
    path("networks/interview-pack/<int:pk>/pdf/", network_views.interview_pack_pdf, name="interview-pack-pdf"),
    path("networks/updates/confirm/<str:token>/", network_views.updates_confirm, name="network-updates-confirm"),
    path("networks/updates/stop/<str:token>/", network_views.updates_stop, name="network-updates-stop"),
    path("networks/<slug:slug>/", network_views.network_detail, name="network-detail"),
    path("networks/<slug:slug>/join/", network_views.network_join, name="network-join"),
    path("networks/<slug:slug>/updates/", network_views.updates_subscribe, name="network-updates"),
    path("networks/<slug:slug>/requests/", network_views.network_requests, name="network-requests"),
    path("networks/<slug:slug>/requests/<int:pk>/", network_views.network_request_decide,
         name="network-request-decide"),
    path("networks/<slug:slug>/meetings/new/", network_views.meeting_create, name="network-meeting-create"),
    path("networks/<slug:slug>/meetings/<int:pk>/", network_views.meeting_detail, name="network-meeting"),
    path("networks/<slug:slug>/meetings/<int:pk>/edit/", network_views.meeting_edit, name="network-meeting-edit"),
    path("networks/<slug:slug>/visits/new/", network_views.visit_create, name="network-visit-create"),
    path("networks/<slug:slug>/questions/new/", network_views.interview_question_create,
         name="network-question-create"),
]
