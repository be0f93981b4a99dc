"""Youth-led training: the young experts and youth organisations who co-deliver it, sessions, attendance,
feedback, follow-ups and "you said, we did".

Young experts are young and may be vulnerable, so we keep the least we need: the name they choose to be
known by (never their legal name), an age band (never a date of birth), consent, who to call about
safeguarding, and how they want to be thanked.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from workforce.people.models import Region, Service, StaffProfile
from workforce.training.hours import hours_text

__all__ = [
    "YouthOrganisation",
    "YoungExpert",
    "TrainingSession",
    "TrainingAttendance",
    "Involvement",
    "AttendeeFeedback",
    "ConfidenceRating",
    "YoungExpertFeedback",
    "FollowUp",
    "YouSaidWeDid",
]


class YouthOrganisation(models.Model):
    """A youth-led charity or youth service that supports young experts."""

    name = models.CharField(max_length=150, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_organisations",
        help_text="The person at the organisation who may see their young experts' details.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class YoungExpertQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class YoungExpert(models.Model):
    """A young person with lived experience who co-delivers training and takes part in decisions."""

    class AgeBand(models.TextChoices):
        UNDER_16 = "13-15", "13 to 15"
        SIXTEEN_SEVENTEEN = "16-17", "16 to 17"
        EIGHTEEN_TWENTY_ONE = "18-21", "18 to 21"
        TWENTY_TWO_PLUS = "22-25", "22 to 25"

    class Recognition(models.TextChoices):
        PAYMENT = "payment", "Payment"
        VOUCHER = "voucher", "Voucher"
        NONE = "none", "No payment or voucher"

    display_name = models.CharField(
        max_length=60, help_text="The name they choose to be known by. Not their legal name."
    )
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    organisation = models.ForeignKey(YouthOrganisation, on_delete=models.PROTECT, related_name="young_experts")
    consent = models.BooleanField(default=False, help_text="They agreed to take part and to these details being kept.")
    carer_consent = models.BooleanField(
        default=False, help_text="A parent or carer agreed. Needed for anyone under 16."
    )
    safeguarding_contact = models.CharField(
        max_length=150, help_text="The named person to contact about their safety and wellbeing, and how."
    )
    recognition = models.CharField(max_length=10, choices=Recognition.choices, default=Recognition.VOUCHER)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="young_expert",
        help_text="Only if they want to sign in to see their own involvement and certificates.",
    )
    active = models.BooleanField(default=True)

    objects = YoungExpertQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    @property
    def under_16(self) -> bool:
        return self.age_band == self.AgeBand.UNDER_16

    @property
    def payment_may_affect_benefits(self) -> bool:
        return self.recognition == self.Recognition.PAYMENT

    def clean(self):
        if not self.consent:
            raise ValidationError({"consent": "A young expert must agree to take part before we record them."})
        if self.under_16 and not self.carer_consent:
            raise ValidationError({"carer_consent": "A parent or carer must agree for anyone under 16."})


ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]
# The most places a session can offer. A bigger number is almost always a typing slip.
MOST_PLACES = 500
PLACES_MESSAGE = f"Enter a number of places from 1 to {MOST_PLACES}, or choose no limit."


class TrainingSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        from django.utils import timezone

        return self.filter(starts_at__gte=now or timezone.now())

    def for_competences(self, competence_ids):
        return self.filter(competences__in=competence_ids).distinct()


class TrainingSession(models.Model):
    """A training session for professionals. Youth-led sessions are co-delivered by young experts."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="Leave blank for an online session.")
    online = models.BooleanField(default=False)
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_sessions",
        help_text="The service the session is for. Leave blank for a session open to the whole region.",
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="training_sessions")
    capacity = models.PositiveSmallIntegerField(
        "Places",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=PLACES_MESSAGE),
            MaxValueValidator(MOST_PLACES, message=PLACES_MESSAGE),
        ],
        help_text="Empty means there is no limit on places. It never means none.",
    )
    youth_led = models.BooleanField(default=False)
    facilitator = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="facilitated_sessions"
    )
    competences = models.ManyToManyField(
        "competencies.Competence",
        blank=True,
        related_name="training_sessions",
        help_text="The framework competences this session helps people develop.",
    )
    young_experts = models.ManyToManyField(
        YoungExpert, blank=True, related_name="sessions", help_text="The young experts who co-deliver it."
    )

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            # Zero places once meant "no limit" by accident; no limit is now only ever an empty capacity.
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1), name="capacity_at_least_one"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d %b %Y})"

    @property
    def unlimited(self) -> bool:
        return self.capacity is None

    def clean(self):
        if self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The session must end after it starts."})
        if self.service_id and self.region_id and self.service.region_id != self.region_id:
            raise ValidationError({"service": "This service is in a different region."})


class TrainingAttendance(models.Model):
    """A staff member's place on a training session, and whether they came.

    When a session is full, people join its waiting list. When someone with a place cancels, the first on
    the list is offered it; an offered place is held for them until they take it or turn it down. People who
    come without a place are recorded as walk-ins when attendance is taken.
    """

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", "Signed up"
        WAITING = "waiting", "On the waiting list"
        OFFERED = "offered", "Offered a place"
        ATTENDED = "attended", "Attended"
        ABSENT = "absent", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    attendee = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="training_attendances")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SIGNED_UP)
    signed_up_at = models.DateTimeField(auto_now_add=True)
    waiting_since = models.DateTimeField(
        null=True, blank=True, help_text="When they joined the waiting list. The earliest is offered a place first."
    )
    offered_at = models.DateTimeField(null=True, blank=True, help_text="When a place was offered to them.")
    walk_in = models.BooleanField(default=False, help_text="They came without a place booked.")
    follow_up_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When we asked what changed three months on. We ask once."
    )

    class Meta:
        ordering = ["session__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "attendee"], name="one_place_per_person"),
        ]

    def __str__(self):
        return f"{self.attendee.display_name} at {self.session.title}: {self.get_status_display()}"


class Involvement(models.Model):
    """Time a young expert gave: delivering or preparing a session, travel, reference groups, panels."""

    class Kind(models.TextChoices):
        SESSION = "session", "Delivering a session"
        PREPARATION = "preparation", "Preparing"
        TRAVEL = "travel", "Travel"
        REFERENCE_GROUP = "reference_group", "Reference group"
        RECRUITMENT = "recruitment", "Recruitment panel"

    young_expert = models.ForeignKey(YoungExpert, on_delete=models.CASCADE, related_name="involvements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    hours = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(0.25), MaxValueValidator(24)]
    )
    session = models.ForeignKey(
        TrainingSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="involvements"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.young_expert}: {self.get_kind_display()} on {self.date:%d %b %Y} ({self.hours_label})"

    @property
    def hours_label(self) -> str:
        return hours_text(self.hours)


class AttendeeFeedback(models.Model):
    """What an attendee says after a session: what they learned and what they will do differently."""

    attendance = models.OneToOneField(TrainingAttendance, on_delete=models.CASCADE, related_name="feedback")
    learned = models.TextField()
    will_do_differently = models.TextField()
    given_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Feedback on {self.attendance.session.title}"


class ConfidenceRating(models.Model):
    """How confident an attendee felt in one of the session's competences, before and after, from 1 to 5."""

    feedback = models.ForeignKey(AttendeeFeedback, on_delete=models.CASCADE, related_name="ratings")
    competence = models.ForeignKey("competencies.Competence", on_delete=models.CASCADE, related_name="+")
    before = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    after = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "competence"], name="one_rating_per_competence"),
            models.CheckConstraint(
                condition=models.Q(before__gte=1, before__lte=5, after__gte=1, after__lte=5),
                name="confidence_one_to_five",
            ),
        ]

    def __str__(self):
        return f"{self.competence_id}: {self.before} to {self.after}"


class YoungExpertFeedback(models.Model):
    """A young expert's own view of a session, after Lundy's model: voice, audience and influence."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="young_expert_feedback")
    young_expert = models.ForeignKey(YoungExpert, on_delete=models.CASCADE, related_name="feedback")
    voice = models.CharField("Could you say what you wanted to say?", max_length=6, choices=Answer.choices)
    audience = models.CharField("Did you feel listened to?", max_length=6, choices=Answer.choices)
    influence = models.CharField("Do you think it will make a difference?", max_length=6, choices=Answer.choices)
    comments = models.TextField(blank=True)
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "young_expert"], name="one_feedback_per_young_expert"),
        ]

    def __str__(self):
        return f"{self.young_expert} on {self.session.title}"


class FollowUp(models.Model):
    """What changed in an attendee's practice, three months after the session."""

    attendance = models.OneToOneField(TrainingAttendance, on_delete=models.CASCADE, related_name="follow_up")
    changed_practice = models.BooleanField(
        "has the session changed how you work",
        null=True,
        blank=True,
        help_text="Yes or no; empty for answers given before the question was asked.",
    )
    what_changed = models.TextField()
    answered_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Follow-up on {self.attendance.session.title}"


class YouSaidWeDid(models.Model):
    """What young people asked for, and what the service changed in answer."""

    you_said = models.TextField("What young people said")
    we_did = models.TextField("What we did", blank=True, help_text="Leave blank until something has changed.")
    service = models.ForeignKey(Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    session = models.ForeignKey(
        TrainingSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="you_said_we_did"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = "you said, we did record"

    def __str__(self):
        return self.you_said[:60]
