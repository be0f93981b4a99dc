from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = "Competency frameworks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing the module registers its rules, whichever view or selector is loaded first.
        from competencies import permissions  # noqa: F401
