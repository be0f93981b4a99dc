from .networks import *  # noqa: F403
