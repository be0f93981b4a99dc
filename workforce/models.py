from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class RegionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Region(models.Model):
    """An NHS England region. Names and codes change over time, so they are data, not constants."""

    code = models.CharField(max_length=20, unique=True, help_text="NHS England's code for the region.")
    name = models.CharField(max_length=100, unique=True)
    active = models.BooleanField(default=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Service(models.Model):
    """An L&D service: run by a provider, in one region, with its own teams."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    provider = models.CharField(max_length=150, help_text="The organisation that runs the service.")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="services")
    reassessment_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How old a staff self-assessment may get before a reminder is sent.",
    )
    volunteer_max_months = models.PositiveSmallIntegerField(
        default=18,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="How long a peer support volunteer may volunteer before their planned end.",
    )
    active = models.BooleanField(default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StaffProfileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def in_service(self, service):
        return self.filter(service=service)

    def reporting_to(self, user):
        return self.filter(line_manager__user=user)


class StaffProfile(models.Model):
    """A person who works in or with an L&D service, and who they report to."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="staff")
    job_title = models.CharField(max_length=150)
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    start_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(line_manager=models.F("id")), name="staff_not_own_line_manager"
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.job_title})"

    @property
    def display_name(self):
        return self.user.get_full_name() or self.user.get_username()

    def clean(self):
        if self.line_manager_id and self.line_manager_id == self.pk:
            raise ValidationError({"line_manager": "A person cannot be their own line manager."})


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
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="training_sessions",
        help_text="The service the session is for. Leave blank for a session open to the whole region.",
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="training_sessions")
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    youth_led = models.BooleanField(default=False)
    facilitator = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="facilitated_sessions"
    )
    competences = models.ManyToManyField(
        "competencies.Competence", blank=True, related_name="training_sessions",
        help_text="The framework competences this session helps people develop.",
    )

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d %b %Y})"

    def clean(self):
        if self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The session must end after it starts."})
        if self.service_id and self.region_id and self.service.region_id != self.region_id:
            raise ValidationError({"service": "This service is in a different region."})


class TrainingAttendance(models.Model):
    """A staff member's place on a training session, and whether they came."""

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", "Signed up"
        ATTENDED = "attended", "Attended"
        ABSENT = "absent", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    attendee = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="training_attendances")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SIGNED_UP)
    signed_up_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "attendee"], name="one_place_per_person"),
        ]

    def __str__(self):
        return f"{self.attendee.display_name} at {self.session.title}: {self.get_status_display()}"
