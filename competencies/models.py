from competencies.assessments.models import *  # noqa: F403
from competencies.evidence.models import *  # noqa: F403
from competencies.framework.models import *  # noqa: F403
from competencies.plans.models import *  # noqa: F403
