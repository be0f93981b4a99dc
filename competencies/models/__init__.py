from .framework import *  # noqa: F403
