from .journeys import *  # noqa: F403
from .networks import *  # noqa: F403
