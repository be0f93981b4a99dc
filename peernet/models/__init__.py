from peernet.models.journeys import *  # noqa: F403
from peernet.models.networks import *  # noqa: F403
