"""Young experts and the youth organisations that support them.

Young experts are young and may be vulnerable, so we keep the least we need: the name they choose to be
known by (never their legal name), an age band (never a date of birth), consent, who to call about
safeguarding, and how they want to be thanked.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from workforce.models.people import Region

__all__ = ["YouthOrganisation", "YoungExpert"]


class YouthOrganisation(models.Model):
    """A youth-led charity or youth service that supports young experts."""

    name = models.CharField(max_length=150, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
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
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="young_expert",
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
