from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Workforce"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing the module registers its rules, whichever view or selector is loaded first.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_migrate, post_save

        from workforce import permissions  # noqa: F401
        from workforce.accounts.sessions import end_sessions_of_deactivated_user, end_sessions_of_leaver
        from workforce.models import StaffProfile
        from workforce.roles import sync_group_permissions

        post_migrate.connect(sync_group_permissions, dispatch_uid="workforce.sync_group_permissions")
        # Receivers rather than a service call: the Wagtail admin's own user and staff views save these flags
        # directly (see workforce/sessions.py).
        post_save.connect(
            end_sessions_of_deactivated_user,
            sender=get_user_model(),
            dispatch_uid="workforce.end_sessions_of_deactivated_user",
        )
        post_save.connect(end_sessions_of_leaver, sender=StaffProfile, dispatch_uid="workforce.end_sessions_of_leaver")
