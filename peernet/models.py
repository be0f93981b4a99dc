from peernet.journeys.models import *  # noqa: F403
from peernet.networks.models import *  # noqa: F403
