"""Peer support workers (paid) and volunteers: their journey from enquiry to a good next step.

Peers have lived experience of the criminal justice system, so these records hold only what a coordinator
needs to recruit, support and supervise them: no offence details, no free-text life history, and cases by
reference only, never by the name of the person supported.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from workforce.models import Service, StaffProfile

__all__ = [
    "Peer",
    "Stage",
    "StageChange",
    "Check",
    "MilestoneRecord",
    "Extension",
    "Supervision",
    "CaseAllocation",
    "ActivityLog",
    "TrainingRecord",
    "FollowUp",
    "Feedback",
    "SentReminder",
    "CheckIn",
    "SupportAlert",
    "CaseEvent",
]


class Stage(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    APPLICATION = "application", "Application"
    INTERVIEW = "interview", "Interview"
    CHECKS = "checks", "Checks"
    INDUCTION = "induction", "Induction training"
    ACTIVE = "active", "Active"
    MOVE_ON = "move_on", "Move-on planning"
    ENDED = "ended", "Ended"


STAGE_ORDER = [stage.value for stage in Stage]
# How long each recruitment stage usually takes, so a stage that runs over shows as late. Active and
# move-on planning are measured against the milestones instead (move-on plan by month 12, end at the maximum).
STAGE_DAYS = {
    Stage.ENQUIRY: 14,
    Stage.APPLICATION: 21,
    Stage.INTERVIEW: 14,
    Stage.CHECKS: 42,
    Stage.INDUCTION: 42,
}


class PeerQuerySet(models.QuerySet):
    def volunteers(self):
        return self.filter(paid=False)

    def paid(self):
        return self.filter(paid=True)

    def current(self):
        return self.exclude(stage=Stage.ENDED)

    def coordinated_by(self, profile):
        return self.filter(Q(coordinator=profile) | Q(cover_coordinator=profile))


class MoveOnOutcome(models.TextChoices):
    PAID_LD = "paid_ld", "Paid employment in Liaison and Diversion"
    PAID_ELSEWHERE = "paid_elsewhere", "Paid employment elsewhere"
    VOLUNTEERING = "volunteering", "Further volunteering"
    EDUCATION = "education", "Education or training"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known"


class Peer(models.Model):
    """A paid peer support worker or a peer support volunteer, from first enquiry to after they leave."""

    Outcome = MoveOnOutcome

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer",
        help_text="Their sign-in, if they have one. It must belong to the peer worker kind of user.",
    )
    display_name = models.CharField(
        max_length=100, help_text="The name the team uses for them. First name and initial is enough."
    )
    paid = models.BooleanField(default=False, help_text="Paid peer support worker, not a volunteer.")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="peers")
    coordinator = models.ForeignKey(StaffProfile, on_delete=models.PROTECT, related_name="coordinated_peers")
    cover_coordinator = models.ForeignKey(
        StaffProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covered_peers",
        help_text="Who looks after them when their coordinator is away.",
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.ENQUIRY)
    start_date = models.DateField(null=True, blank=True, help_text="The day they became active.")
    planned_end_date = models.DateField(
        null=True, blank=True, help_text="Volunteers only: the start date plus the service's maximum months."
    )
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=MoveOnOutcome.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped on every change to the journey (stage, coordinators, end), so a form opened before someone
    # else's change is refused instead of overwriting it.
    revision = models.PositiveIntegerField(default=0)

    objects = PeerQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage=Stage.ENDED) | (Q(ended_on__isnull=False) & ~Q(outcome="")),
                name="ended_peer_has_end_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(cover_coordinator__isnull=True) | ~Q(cover_coordinator=models.F("coordinator")),
                name="cover_is_not_coordinator",
            ),
        ]
        permissions = [("view_peer_outcomes", "Can see peer outcome figures")]

    def __str__(self):
        return f"{self.display_name} ({self.kind_label.lower()}, {self.service})"

    @property
    def kind_label(self) -> str:
        return "Peer support worker" if self.paid else "Peer support volunteer"

    @property
    def is_volunteer(self) -> bool:
        return not self.paid

    def coordinator_ids(self) -> set[int]:
        return {pid for pid in (self.coordinator_id, self.cover_coordinator_id) if pid}

    def clean(self):
        if self.cover_coordinator_id and self.cover_coordinator_id == self.coordinator_id:
            raise ValidationError({"cover_coordinator": "The cover coordinator must be someone else."})
        if self.coordinator_id and self.service_id and self.coordinator.service_id != self.service_id:
            raise ValidationError({"coordinator": "The coordinator must work in the peer's service."})


class StageChange(models.Model):
    """One stage of a peer's journey: when it began and ended, who moved them and why."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    entered_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    expected_by = models.DateField(null=True, blank=True, help_text="When this stage should be over.")
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["entered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["peer"], condition=Q(left_on__isnull=True), name="one_open_stage"),
        ]

    def __str__(self):
        return f"{self.peer.display_name}: {self.get_stage_display()} from {self.entered_on:%d %b %Y}"

    @property
    def was_late(self) -> bool:
        """A finished stage that ran past its expected-by date."""
        return bool(self.left_on and self.expected_by and self.left_on > self.expected_by)

    def is_late(self, today: datetime.date) -> bool:
        if self.expected_by is None:
            return False
        return (self.left_on or today) > self.expected_by


class Check(models.Model):
    """A pre-start check. Only that it was done and when: never what a disclosure said."""

    class Kind(models.TextChoices):
        DBS = "dbs", "DBS check"
        REFERENCE = "reference", "Reference"
        RIGHT_TO_WORK = "right_to_work", "Right to work"

    class UpdateService(models.TextChoices):
        NOT_APPLICABLE = "", "Not applicable"
        SUBSCRIBED = "subscribed", "On the DBS Update Service"
        NOT_SUBSCRIBED = "not_subscribed", "Not on the DBS Update Service"

    # How many of each kind a peer needs before they can become active.
    REQUIRED = {Kind.DBS: 1, Kind.REFERENCE: 2, Kind.RIGHT_TO_WORK: 1}

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Leave blank if it does not expire.")
    update_service = models.CharField(
        "DBS Update Service",
        max_length=15,
        choices=UpdateService.choices,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped on every correction, so two coordinators correcting the same check cannot overwrite each other.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "-completed_on"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.peer.display_name}, {self.completed_on:%d %b %Y}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.completed_on <= day and (self.expires_on is None or self.expires_on >= day)

    def clean(self):
        if self.expires_on and self.expires_on <= self.completed_on:
            raise ValidationError({"expires_on": "The expiry date must be after the date the check was done."})
        if self.update_service and self.kind != Check.Kind.DBS:
            raise ValidationError({"update_service": "The Update Service is only for DBS checks."})


class Milestone(models.TextChoices):
    REVIEW_3 = "review_3", "3-month review"
    REVIEW_6 = "review_6", "6-month review"
    REVIEW_12 = "review_12", "12-month review"
    MOVE_ON_PLAN = "move_on_plan", "Move-on plan agreed"


# The month of the journey each milestone is due by.
MILESTONE_MONTHS = {
    Milestone.REVIEW_3: 3,
    Milestone.REVIEW_6: 6,
    Milestone.REVIEW_12: 12,
    Milestone.MOVE_ON_PLAN: 12,
}


class MilestoneRecord(models.Model):
    """A milestone that has been met: a review held, or the move-on plan agreed."""

    Milestone = Milestone

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="milestones")
    milestone = models.CharField(max_length=15, choices=Milestone.choices)
    done_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_on"]
        constraints = [models.UniqueConstraint(fields=["peer", "milestone"], name="one_record_per_milestone")]

    def __str__(self):
        return f"{self.get_milestone_display()} for {self.peer.display_name}"


class Extension(models.Model):
    """A volunteer staying past the service's maximum: asked for with a reason, decided by the service manager."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for the service manager"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Not approved"

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="extensions")
    new_end_date = models.DateField()
    reason = models.CharField(max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self):
        return f"Extension for {self.peer.display_name} to {self.new_end_date:%d %b %Y}"


class Supervision(models.Model):
    """A supervision session. Its notes are for the peer and their coordinators only."""

    class Wellbeing(models.TextChoices):
        GOOD = "good", "Doing well"
        OK = "ok", "Managing"
        STRUGGLING = "struggling", "Struggling"
        NEEDS_SUPPORT = "needs_support", "Needs extra support now"

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="supervisions")
    held_on = models.DateField()
    supervisor = models.ForeignKey(StaffProfile, on_delete=models.PROTECT, related_name="supervisions_given")
    wellbeing = models.CharField(max_length=15, choices=Wellbeing.choices)
    notes = models.TextField(blank=True, max_length=2000)
    actions = models.TextField(blank=True, max_length=1000, help_text="One action on each line.")
    next_due_on = models.DateField()
    # Bumped on every correction, so two coordinators correcting the same record cannot overwrite each other.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Supervision for {self.peer.display_name} on {self.held_on:%d %b %Y}"

    @property
    def action_list(self) -> list[str]:
        return [line.strip() for line in self.actions.splitlines() if line.strip()]

    @property
    def needs_support(self) -> bool:
        return self.wellbeing == self.Wellbeing.NEEDS_SUPPORT

    def clean(self):
        if self.held_on and self.next_due_on and self.next_due_on <= self.held_on:
            raise ValidationError({"next_due_on": "The next supervision must be after this one."})


class CheckIn(models.Model):
    """A peer's own word on how they are, between supervisions. Saying they need extra support now raises a
    support alert, as a supervision would."""

    Wellbeing = Supervision.Wellbeing

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="check_ins")
    on = models.DateField()
    wellbeing = models.CharField(max_length=15, choices=Supervision.Wellbeing.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"Check-in from {self.peer.display_name} on {self.on:%d %b %Y}"


class SupportAlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class SupportAlert(models.Model):
    """A peer who needs extra support now, raised the moment a supervision says so.

    It goes at once to their coordinator and cover coordinator and stays on the dashboard, the peer's record
    and the daily reminder until someone records what was done. The record of who closed it, when and how is
    kept: it is the service's evidence that the peer was looked after."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="support_alerts")
    supervision = models.ForeignKey(
        Supervision, on_delete=models.SET_NULL, null=True, blank=True, related_name="support_alerts"
    )
    check_in = models.ForeignKey(
        CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="support_alerts"
    )
    reported_on = models.DateField(help_text="The day the need was seen: the supervision or the check-in.")
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField("When it was done", null=True, blank=True)
    action = models.TextField("What was done", max_length=1000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SupportAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | (Q(done_on__isnull=False) & ~Q(action="")),
                name="closed_alert_says_what_was_done",
            ),
        ]

    def __str__(self):
        return f"Support alert for {self.peer.display_name}, {self.reported_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def source(self) -> str:
        """Where the need was seen, to finish "Seen ..." or "This was noted ..."."""
        return "in their own check-in" if self.check_in_id else "at supervision"


# A case reference has letters, numbers, / or -, and at least one number, so a name cannot be typed in.
CASE_REFERENCE = re.compile(r"^(?=.*\d)[A-Z0-9][A-Z0-9/-]{2,29}$")
case_reference_validator = RegexValidator(
    CASE_REFERENCE,
    "Enter the case reference only (letters, numbers, / or -, with at least one number). "
    "Never enter the name of the person supported.",
)


class Setting(models.TextChoices):
    CUSTODY = "custody", "Police custody"
    COURT = "court", "Court"
    COMMUNITY = "community", "Community"


class CaseAllocation(models.Model):
    """A case given to a peer, by reference only. Volunteers only ever take low-risk cases."""

    class Risk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    Setting = Setting

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="allocations")
    case_reference = models.CharField(max_length=30, validators=[case_reference_validator])
    setting = models.CharField(max_length=10, choices=Setting.choices)
    risk = models.CharField("Risk level", max_length=6, choices=Risk.choices)
    allocated_on = models.DateField()
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-allocated_on", "-pk"]

    def __str__(self):
        return f"Case {self.case_reference} ({self.get_risk_display().lower()} risk)"

    @staticmethod
    def refusal_for(peer: Peer, risk: str) -> str | None:
        """Why this peer may not take a case at this risk level, or None if they may."""
        if peer.is_volunteer and risk != CaseAllocation.Risk.LOW:
            label = CaseAllocation.Risk(risk).label.lower()
            return (
                f"{peer.display_name} is a volunteer. Volunteers only take low-risk cases, and this case is "
                f"{label} risk. Give it to a paid peer support worker or a practitioner."
            )
        return None

    def clean(self):
        if self.peer_id and self.risk:
            refusal = CaseAllocation.refusal_for(self.peer, self.risk)
            if refusal:
                raise ValidationError({"risk": refusal})
        if self.allocated_on and self.closed_on and self.closed_on < self.allocated_on:
            raise ValidationError({"closed_on": "A case cannot close before it was allocated."})


class CaseEvent(models.Model):
    """One line of a case's history: allocated, changed (with what changed) or closed, by whom and when."""

    class Kind(models.TextChoices):
        ALLOCATED = "allocated", "Allocated"
        CHANGED = "changed", "Changed"
        CLOSED = "closed", "Closed"

    allocation = models.ForeignKey(CaseAllocation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"Case {self.allocation.case_reference}: {self.get_kind_display().lower()}"


class ActivityLog(models.Model):
    """Hours a peer gave, logged by them and approved by their coordinator."""

    class Activity(models.TextChoices):
        CUSTODY = "custody", "Police custody"
        COURT = "court", "Court"
        COMMUNITY = "community", "Community"
        TRAINING = "training", "Training"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Not approved"

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="activity_logs")
    worked_on = models.DateField()
    activity = models.CharField(max_length=10, choices=Activity.choices)
    hours = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(0.25), MaxValueValidator(12)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-worked_on", "-pk"]

    def __str__(self):
        return f"{self.hours} hours, {self.get_activity_display().lower()}, {self.worked_on:%d %b %Y}"


class TrainingRecord(models.Model):
    """Training a peer has started or finished: induction, safeguarding, qualifications."""

    class Course(models.TextChoices):
        INDUCTION = "induction", "Induction"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        MENTAL_HEALTH = "mental_health", "Mental health awareness"
        NVQ3 = "nvq3", "NVQ Level 3 in Health and Social Care"
        OTHER = "other", "Other"

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="training")
    course = models.CharField(max_length=15, choices=Course.choices)
    title = models.CharField(max_length=150, blank=True, help_text="Only for other training.")
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.title if self.course == self.Course.OTHER and self.title else self.get_course_display()

    def clean(self):
        if self.course == self.Course.OTHER and not self.title:
            raise ValidationError({"title": "Say what the training was."})
        if self.completed_on and self.started_on and self.completed_on < self.started_on:
            raise ValidationError({"completed_on": "Training cannot finish before it starts."})


class FollowUp(models.Model):
    """Where a peer is 3 and 6 months after they ended."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="follow_ups")
    months_after = models.PositiveSmallIntegerField(choices=[(3, "3 months after"), (6, "6 months after")])
    outcome = models.CharField(max_length=20, choices=MoveOnOutcome.choices)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["months_after"]
        constraints = [models.UniqueConstraint(fields=["peer", "months_after"], name="one_follow_up_each")]

    def __str__(self):
        return f"{self.peer.display_name}, {self.get_months_after_display()}: {self.get_outcome_display()}"


class Feedback(models.Model):
    """Short feedback from a person supported or their family. Nothing that identifies them."""

    class From(models.TextChoices):
        PERSON = "person", "Person supported"
        FAMILY = "family", "Family member or carer"

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="feedback")
    given_by = models.CharField("From", max_length=6, choices=From.choices)
    received_on = models.DateField()
    rating = models.PositiveSmallIntegerField(
        "How helpful was the peer?",
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 is not helpful, 5 is very helpful.",
    )
    comment = models.CharField(
        max_length=300,
        blank=True,
        help_text="In their words, without names or anything that identifies anyone.",
    )

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"Feedback for {self.peer.display_name} on {self.received_on:%d %b %Y}"


class SentReminder(models.Model):
    """A reminder already emailed, so the daily run never sends the same one twice."""

    key = models.CharField(max_length=120)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "recipient"], name="one_reminder_per_key")]

    def __str__(self):
        return self.key
