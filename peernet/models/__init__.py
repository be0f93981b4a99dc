from .journeys import *  # noqa: F403
