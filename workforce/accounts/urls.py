from django.urls import path

from workforce.accounts import views

urlpatterns = [
    path("accounts/keep-signed-in/", views.session_keepalive, name="session-keepalive"),
    path("accounts/two-step/", views.two_step, name="two-step"),
    path("accounts/two-step/verify/", views.two_step_verify, name="two-step-verify"),
    path("accounts/two-step/set-up/", views.two_step_set_up, name="two-step-set-up"),
    path("accounts/two-step/backup-codes/", views.two_step_backup_codes, name="two-step-backup-codes"),
    path("accounts/two-step/replace/", views.two_step_replace, name="two-step-replace"),
    path("accounts/two-step/passkeys/<int:pk>/remove/", views.two_step_passkey_remove, name="two-step-passkey-remove"),
]
