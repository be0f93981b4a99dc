from django.urls import path, re_path

from workforce import training_views, views

app_name = "workforce"

urlpatterns = [
    path("staff/import/", views.staff_import_view, name="staff-import"),
    re_path(r"^staff/import/template\.(?P<file_format>csv|xlsx)$", views.staff_import_template,
            name="staff-import-template"),
    path("training/", training_views.staff_training, name="training"),
    path("training/<int:pk>/sign-up/", training_views.sign_up, name="training-sign-up"),
    path("training/mine/<int:pk>/cancel/", training_views.cancel_place, name="training-cancel"),
    path("training/mine/<int:pk>/feedback/", training_views.attendee_feedback, name="training-feedback"),
    path("training/mine/<int:pk>/follow-up/", training_views.follow_up, name="training-follow-up"),
    path("training/young-experts/", training_views.young_expert_list, name="training-young-experts"),
    path("training/young-experts/add/", training_views.young_expert_edit, name="training-young-expert-add"),
    path("training/young-experts/<int:pk>/", training_views.young_expert_detail, name="training-young-expert"),
    path("training/young-experts/<int:pk>/edit/", training_views.young_expert_edit,
         name="training-young-expert-edit"),
    path("training/young-experts/<int:pk>/remove-details/", training_views.young_expert_forget,
         name="training-young-expert-forget"),
    path("training/young-experts/<int:pk>/log-time/", training_views.involvement_add,
         name="training-involvement-add"),
    path("training/organisations/", training_views.organisations, name="training-organisations"),
    path("training/sessions/", training_views.session_list, name="training-sessions"),
    path("training/sessions/add/", training_views.session_edit, name="training-session-add"),
    path("training/sessions/<int:pk>/", training_views.session_detail, name="training-session"),
    path("training/sessions/<int:pk>/edit/", training_views.session_edit, name="training-session-edit"),
    path("training/sessions/<int:pk>/attendance/", training_views.attendance_take, name="training-attendance"),
    path("training/sessions/<int:pk>/young-experts/<int:expert_pk>/feedback/",
         training_views.young_expert_feedback, name="training-young-expert-feedback"),
    path("training/you-said-we-did/", training_views.you_said_we_did, name="training-you-said-we-did"),
    path("training/you-said-we-did/<int:pk>/", training_views.you_said_we_did,
         name="training-you-said-we-did-edit"),
    path("training/report/", training_views.report, name="training-report"),
    path("training/report.xlsx", training_views.report_xlsx, name="training-report-xlsx"),
    path("training/my-involvement/", training_views.my_involvement, name="training-my-involvement"),
    path("training/my-involvement/<int:pk>/feedback/", training_views.my_feedback, name="training-my-feedback"),
    path("training/my-involvement/<int:pk>/certificate.pdf", training_views.certificate,
         name="training-certificate"),
]
