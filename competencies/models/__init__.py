from competencies.models.assessments import *  # noqa: F403
from competencies.models.framework import *  # noqa: F403
