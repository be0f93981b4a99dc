from django.apps import AppConfig


class PeernetConfig(AppConfig):
    name = "peernet"
    verbose_name = "Peer work and networks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing the module registers its rules, whichever view or selector is loaded first.
        from peernet import permissions  # noqa: F401
