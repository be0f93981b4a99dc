import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

__all__ = ["Region", "Service", "StaffProfile"]


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


EARLIEST_START = datetime.date(1960, 1, 1)


def start_date_problem(day: datetime.date | None, *, today: datetime.date | None = None) -> str:
    """What is wrong with a start date, or "": nobody working now started before 1960, and a start is
    planned at most a year ahead."""
    if day is None:
        return ""
    today = today or timezone.localdate()
    latest = (
        today.replace(year=today.year + 1)
        if not (today.month == 2 and today.day == 29)
        else today.replace(year=today.year + 1, day=28)
    )
    if EARLIEST_START <= day <= latest:
        return ""
    return (
        f"Start date must be between {EARLIEST_START.day} {EARLIEST_START:%B %Y} and {latest.day} {latest:%B %Y} "
        "(a year from today)."
    )


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
    line_manager = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")
    start_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(line_manager=models.F("id")), name="staff_not_own_line_manager"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.job_title})"

    @property
    def display_name(self):
        return self.user.get_full_name() or self.user.get_username()

    def clean(self):
        if self.line_manager_id and self.line_manager_id == self.pk:
            raise ValidationError({"line_manager": "A person cannot be their own line manager."})
        problem = start_date_problem(self.start_date)
        if problem:
            raise ValidationError({"start_date": problem})
