from workforce.accounts.models import *  # noqa: F403
from workforce.audit.models import *  # noqa: F403
from workforce.downloads.models import *  # noqa: F403
from workforce.people.models import *  # noqa: F403
from workforce.training.models import *  # noqa: F403
