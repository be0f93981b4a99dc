from django.apps import AppConfig


class PeernetConfig(AppConfig):
    name = "peernet"
    verbose_name = "Peer work and networks"
    default_auto_field = "django.db.models.BigAutoField"
