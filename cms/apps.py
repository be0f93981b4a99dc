from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from cms.permissions import sync_editor_permissions

        post_migrate.connect(sync_editor_permissions, dispatch_uid="cms.sync_editor_permissions")
