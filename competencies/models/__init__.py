from .assessments import *  # noqa: F403
from .framework import *  # noqa: F403
