from .people import *  # noqa: F403
from .sessions import *  # noqa: F403
from .training import *  # noqa: F403
from .youth import *  # noqa: F403
