from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from cms.pages.services import editor_rights_sync

        post_migrate.connect(editor_rights_sync, dispatch_uid="cms.editor_rights_sync")
