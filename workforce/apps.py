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

        # The audit trail: which models it watches, and the sign-in events and database functions it needs.
        from auditlog.signals import pre_log
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.backends.signals import connection_created

        from workforce.audit import database, registry, services

        registry.register_models()
        pre_log.connect(services.skip_log_of_erased, dispatch_uid="workforce.audit.skip_log_of_erased")
        connection_created.connect(database.sqlite_functions, dispatch_uid="workforce.audit.sqlite_functions")
        user_logged_in.connect(services.signed_in, dispatch_uid="workforce.audit.signed_in")
        user_logged_out.connect(services.signed_out, dispatch_uid="workforce.audit.signed_out")
        user_login_failed.connect(services.sign_in_failed, dispatch_uid="workforce.audit.sign_in_failed")
