from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Workforce"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing the module registers its rules, whichever view or selector is loaded first.
        from django.db.models.signals import post_migrate

        from . import permissions  # noqa: F401
        from .roles import sync_group_permissions

        post_migrate.connect(sync_group_permissions, dispatch_uid="workforce.sync_group_permissions")
