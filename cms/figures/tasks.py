"""Background work for the commissioners' figures, runnable through Django's task framework."""

from django.tasks import task

from cms.figures.services import figures_warm


@task
def warm_figures() -> int:
    """Work out the usual figures before anyone asks; returns how many sets were kept."""
    return figures_warm()
