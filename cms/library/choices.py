"""What a shared resource can be, and who can see it."""

from django.db import models

# The audio a podcast episode can be, and the type a player or podcast app is told for each.
AUDIO_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "wav": "audio/wav"}
AUDIO_EXTENSIONS = tuple(AUDIO_TYPES)


class ResourceType(models.TextChoices):
    JOB_DESCRIPTION = "job_description", "Job description"
    ROLE_PROFILE = "role_profile", "Role profile"
    INTERVIEW_QUESTIONS = "interview_questions", "Interview question set"
    ADVERT = "advert", "Advert and where to advertise"
    RECRUITMENT_PROCESS = "recruitment_process", "Recruitment process"
    INDUCTION_PACK = "induction_pack", "Induction pack"
    GUIDE = "guide", "Guide"
    PODCAST = "podcast", "Podcast"


class Visibility(models.TextChoices):
    NETWORK = "network", "Members of this network"
    NETWORKS = "networks", "Members of every network"
    PUBLIC = "public", "Everyone, including the public"
