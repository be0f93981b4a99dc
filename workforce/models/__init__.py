from workforce.models.people import *  # noqa: F403
from workforce.models.sessions import *  # noqa: F403
from workforce.models.training import *  # noqa: F403
from workforce.models.youth import *  # noqa: F403
