from django.urls import path

from peernet.networks import views

urlpatterns = [
    path("networks/", views.network_list, name="network-list"),
    path("networks/interview-pack/", views.interview_pack, name="interview-pack"),
    path("networks/interview-pack/<int:pk>/pdf/", views.interview_pack_pdf, name="interview-pack-pdf"),
    path("networks/updates/confirm/<str:token>/", views.updates_confirm, name="network-updates-confirm"),
    path("networks/updates/stop/<str:token>/", views.updates_stop, name="network-updates-stop"),
    path("networks/<slug:slug>/", views.network_detail, name="network-detail"),
    path("networks/<slug:slug>/join/", views.network_join, name="network-join"),
    path("networks/<slug:slug>/updates/", views.updates_subscribe, name="network-updates"),
    path("networks/<slug:slug>/requests/", views.network_requests, name="network-requests"),
    path("networks/<slug:slug>/requests/<int:pk>/", views.network_request_decide, name="network-request-decide"),
    path("networks/<slug:slug>/meetings/new/", views.meeting_create, name="network-meeting-create"),
    path("networks/<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="network-meeting"),
    path("networks/<slug:slug>/meetings/<int:pk>/edit/", views.meeting_edit, name="network-meeting-edit"),
    path("networks/<slug:slug>/meetings/<int:pk>/calendar.ics", views.meeting_ics, name="network-meeting-ics"),
    path("networks/<slug:slug>/calendar/", views.network_calendar_link, name="network-calendar-link"),
    path("networks/<slug:slug>/calendar/<str:token>.ics", views.network_calendar_feed, name="network-calendar-feed"),
    path("networks/<slug:slug>/packs/new/", views.pack_create, name="network-pack-create"),
    path("networks/<slug:slug>/packs/<int:pk>/", views.pack_detail, name="network-pack"),
    path("networks/<slug:slug>/packs/<int:pk>/edit/", views.pack_edit, name="network-pack-edit"),
    path("networks/<slug:slug>/packs/<int:pk>/questions/", views.pack_questions, name="network-pack-questions"),
    path("networks/<slug:slug>/packs/<int:pk>/pdf/", views.pack_pdf, name="network-pack-pdf"),
    path("networks/<slug:slug>/visits/new/", views.visit_create, name="network-visit-create"),
    path("networks/<slug:slug>/questions/new/", views.interview_question_create, name="network-question-create"),
]
