from django.urls import path

from workforce.training import views

urlpatterns = [
    path("training/", views.staff_training, name="training"),
    path("training/<int:pk>/sign-up/", views.sign_up, name="training-sign-up"),
    path("training/mine/<int:pk>/cancel/", views.cancel_place, name="training-cancel"),
    path("training/mine/<int:pk>/take-place/", views.accept_offer, name="training-accept-offer"),
    path("training/mine/<int:pk>/feedback/", views.attendee_feedback, name="training-feedback"),
    path("training/mine/<int:pk>/follow-up/", views.follow_up, name="training-follow-up"),
    path("training/young-experts/", views.young_expert_list, name="training-young-experts"),
    path("training/young-experts/add/", views.young_expert_edit, name="training-young-expert-add"),
    path("training/young-experts/<int:pk>/", views.young_expert_detail, name="training-young-expert"),
    path("training/young-experts/<int:pk>/edit/", views.young_expert_edit, name="training-young-expert-edit"),
    path(
        "training/young-experts/<int:pk>/remove-details/",
        views.young_expert_forget,
        name="training-young-expert-forget",
    ),
    path("training/young-experts/<int:pk>/log-time/", views.involvement_add, name="training-involvement-add"),
    path("training/organisations/", views.organisations, name="training-organisations"),
    path("training/sessions/", views.session_list, name="training-sessions"),
    path("training/sessions/add/", views.session_edit, name="training-session-add"),
    path("training/sessions/<int:pk>/", views.session_detail, name="training-session"),
    path("training/sessions/<int:pk>/edit/", views.session_edit, name="training-session-edit"),
    path("training/sessions/<int:pk>/attendance/", views.attendance_take, name="training-attendance"),
    path(
        "training/sessions/<int:pk>/young-experts/<int:expert_pk>/feedback/",
        views.young_expert_feedback,
        name="training-young-expert-feedback",
    ),
    path("training/you-said-we-did/", views.you_said_we_did, name="training-you-said-we-did"),
    path("training/you-said-we-did/<int:pk>/", views.you_said_we_did, name="training-you-said-we-did-edit"),
    path("training/report/", views.report, name="training-report"),
    path("training/report.xlsx", views.report_xlsx, name="training-report-xlsx"),
    path("training/my-involvement/", views.my_involvement, name="training-my-involvement"),
    path("training/my-involvement/<int:pk>/", views.my_session, name="training-my-session"),
    path("training/my-involvement/<int:pk>/feedback/", views.my_feedback, name="training-my-feedback"),
    path("training/my-involvement/<int:pk>/certificate.pdf", views.certificate, name="training-certificate"),
]
