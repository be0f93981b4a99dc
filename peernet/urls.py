from django.urls import path  # noqa: F401

from .views import networks as network_views

app_name = "peernet"

urlpatterns = []

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
