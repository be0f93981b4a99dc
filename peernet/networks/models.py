"""Regional peer networks: who belongs, who hears about them, when they meet and visit each other.

A network serves one region. People ask to join and a coordinator decides; anyone, signed in or not, may ask
for the network's updates by email. Shared resources are Wagtail pages (in ``cms``) that point here.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

__all__ = [
    "Network",
    "NetworkMembership",
    "NetworkSubscription",
    "NetworkMeeting",
    "TeamVisit",
    "InterviewQuestion",
    "InterviewPack",
    "InterviewPackQuestion",
    "DigestDelivery",
]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class NetworkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def with_member(self, user):
        """Networks the user is an approved member (or coordinator) of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__status=NetworkMembership.Status.APPROVED).distinct()

    def coordinated_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user,
            memberships__status=NetworkMembership.Status.APPROVED,
            memberships__role=NetworkMembership.Role.COORDINATOR,
        ).distinct()


class Network(models.Model):
    """A regional peer worker development network: L&D teams that meet, visit and share what works."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    region = models.ForeignKey("workforce.Region", on_delete=models.PROTECT, related_name="networks")
    summary = models.TextField(blank=True, help_text="Who the network is for and what it does, in a sentence or two.")
    services = models.ManyToManyField(
        "workforce.Service", blank=True, related_name="networks", help_text="The L&D services that take part."
    )
    # Wagtail rights follow the network: its coordinators are put in this group, which may edit the hub page
    # and upload to the collection. Nobody else is, so the rest of the site's editors cannot change either.
    editors_group = models.OneToOneField(
        "auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="edited_network", editable=False
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network",
        editable=False,
        help_text="Where the network's private documents are kept.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class NetworkMembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=NetworkMembership.Status.APPROVED)

    def pending(self):
        return self.filter(status=NetworkMembership.Status.REQUESTED)

    def coordinators(self):
        return self.approved().filter(role=NetworkMembership.Role.COORDINATOR)


class NetworkMembership(models.Model):
    """A person's place in a network, from asking to join to the coordinator's decision."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Asked to join"
        APPROVED = "approved", "Member"
        DECLINED = "declined", "Not accepted"

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        COORDINATOR = "coordinator", "Coordinator"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    reason = models.TextField(blank=True, help_text="Why the person wants to join, in their words.")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Calendar apps fetch a feed without signing in, so the feed's address carries this secret instead.
    # It is made when the member asks for the link, and a new one (or none) replaces it when they say so.
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = NetworkMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network__name", "user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="one_membership_per_network")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} in {self.network}: {self.get_status_display()}"


class NetworkSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False, stopped_at__isnull=True)


class NetworkSubscription(models.Model):
    """Someone who asked for a network's updates by email. Only confirmed addresses get the digest."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    objects = NetworkSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["network__name", "email"]
        constraints = [models.UniqueConstraint(fields=["network", "email"], name="one_subscription_per_address")]

    def __str__(self):
        return f"{self.email} for {self.network}"

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.stopped_at is None


class NetworkMeetingQuerySet(models.QuerySet):
    def upcoming(self, today):
        return self.filter(date__gte=today).order_by("date", "start_time")

    def past(self, today):
        return self.filter(date__lt=today).order_by("-date", "-start_time")


# Online meetings are joined from a browser or an app, so only secure web links are accepted.
https_only = URLValidator(schemes=["https"], message="Enter a web link that starts with https://")


class NetworkMeeting(models.Model):
    """A network meeting: when and where, what was planned, what was said and agreed, and who came.

    Times are UK local times on ``date``. Meetings recorded before times were kept have none; they are shown,
    and sent to calendars, as all-day events on their date until a coordinator adds the times.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    host_service = models.ForeignKey(
        "workforce.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_network_meetings",
        help_text="Leave blank for an online meeting.",
    )
    location = models.CharField(
        "Place", max_length=300, blank=True, help_text="The address and room, for people who come in person."
    )
    online_url = models.URLField(
        "Online link", max_length=500, blank=True, validators=[https_only], help_text="The link to join online."
    )
    agenda = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    actions = models.TextField(blank=True, help_text="One action per line, with who will do it.")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="network_meetings_attended")
    # A calendar keeps one event per UID and takes a change only when SEQUENCE goes up (RFC 5545, 3.8.7.4).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NetworkMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
                violation_error_message="The meeting must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d %b %Y})"

    def clean(self):
        if self.start_time is None and self.end_time is not None:
            raise ValidationError({"start_time": "Give the time the meeting starts."})
        if self.start_time is not None and self.end_time is None:
            raise ValidationError({"end_time": "Give the time the meeting ends."})
        if self.start_time is not None and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "The meeting must end after it starts."})

    @property
    def action_list(self):
        return [line.strip() for line in self.actions.splitlines() if line.strip()]

    @property
    def has_times(self) -> bool:
        return self.start_time is not None and self.end_time is not None

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The start as an aware datetime in UK time, or None for a meeting with no times."""
        if not self.has_times:
            return None
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=timezone.get_default_timezone())

    @property
    def ends_at(self) -> datetime.datetime | None:
        if not self.has_times:
            return None
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=timezone.get_default_timezone())

    @property
    def place(self) -> str:
        """Where to go in person, in words: the address given, or the host service's name."""
        if self.location:
            return self.location
        return self.host_service.name if self.host_service_id else ""


class TeamVisit(models.Model):
    """One team visiting another in the network to see how they work."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="visits")
    visiting_service = models.ForeignKey("workforce.Service", on_delete=models.CASCADE, related_name="visits_made")
    host_service = models.ForeignKey("workforce.Service", on_delete=models.CASCADE, related_name="visits_hosted")
    date = models.DateField()
    purpose = models.TextField(help_text="What the visiting team wanted to see or learn.")
    learning = models.TextField(blank=True, help_text="What they took away.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(visiting_service=models.F("host_service")), name="visit_between_two_teams"
            ),
        ]

    def __str__(self):
        return f"{self.visiting_service} visiting {self.host_service} ({self.date:%d %b %Y})"

    def clean(self):
        if self.visiting_service_id and self.visiting_service_id == self.host_service_id:
            raise ValidationError({"host_service": "A team cannot visit itself. Choose another team."})


class InterviewQuestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Questions shared with every network, plus those of the user's own networks."""
        return self.filter(Q(network__isnull=True) | Q(network__in=Network.objects.with_member(user)))


class InterviewQuestion(models.Model):
    """An interview question that tests one framework competence, shared through a network."""

    competence = models.ForeignKey(
        "competencies.Competence", on_delete=models.CASCADE, related_name="interview_questions"
    )
    question = models.TextField()
    good_answer = models.TextField(
        "What a good answer shows", blank=True, help_text="What the panel should listen for."
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interview_questions",
        help_text="Leave blank to share the question with every network.",
    )
    shared_by = models.ForeignKey(
        "workforce.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="interview_questions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterviewQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["competence__order", "competence__code", "pk"]

    def __str__(self):
        return self.question[:80]


class InterviewPackQuerySet(models.QuerySet):
    def for_network(self, network):
        return self.filter(network=network)


DEFAULT_SCALE = "\n".join(
    [
        "No evidence",
        "Little evidence",
        "Some evidence, with gaps",
        "Good evidence, with an example",
        "Strong evidence, with clear examples",
    ]
)


class InterviewPack(models.Model):
    """The questions a panel asks one candidate for one role, in the order they ask them, with the scale
    they score each answer on. A network coordinator makes it; the network's members can open it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="interview_packs")
    role_profile = models.ForeignKey(
        "competencies.RoleProfile", on_delete=models.PROTECT, related_name="interview_packs"
    )
    title = models.CharField(max_length=200)
    candidate_name = models.CharField(
        "Candidate's name", max_length=200, blank=True, help_text="Leave blank to write it in by hand."
    )
    interview_date = models.DateField(null=True, blank=True)
    panel = models.TextField(
        "Panel members", blank=True, help_text="One person per line, with their role. For example: Kim Walsh, chair"
    )
    lowest_score = models.PositiveSmallIntegerField(
        choices=[(0, "0"), (1, "1")], default=0, help_text="The score for the first line of the scale."
    )
    scale = models.TextField(
        "Scoring scale",
        default=DEFAULT_SCALE,
        help_text="What each score means, one per line, from lowest to highest. Between 2 and 10 lines.",
    )
    questions = models.ManyToManyField(InterviewQuestion, through="InterviewPackQuestion", related_name="packs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewPackQuerySet.as_manager()

    class Meta:
        ordering = ["-interview_date", "-created_at"]

    def __str__(self):
        return self.title

    def clean(self):
        lines = self.scale_labels
        if not 2 <= len(lines) <= 10:
            raise ValidationError({"scale": "Write between 2 and 10 lines, one for each score."})

    @property
    def scale_labels(self) -> list[str]:
        return [line.strip() for line in self.scale.splitlines() if line.strip()]

    @property
    def scale_points(self) -> list[tuple[int, str]]:
        """Each score with what it means, lowest first."""
        return [(self.lowest_score + offset, label) for offset, label in enumerate(self.scale_labels)]

    @property
    def highest_score(self) -> int:
        return self.lowest_score + len(self.scale_labels) - 1

    @property
    def panel_list(self) -> list[str]:
        return [line.strip() for line in self.panel.splitlines() if line.strip()]


class InterviewPackQuestion(models.Model):
    """One question in a pack, at its place in the order the panel asks them."""

    pack = models.ForeignKey(InterviewPack, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(InterviewQuestion, on_delete=models.CASCADE, related_name="pack_items")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "question"], name="question_once_per_pack"),
            models.UniqueConstraint(fields=["pack", "position"], name="one_question_per_place_in_pack"),
        ]

    def __str__(self):
        return f"{self.position}. {self.question}"


class DigestDelivery(models.Model):
    """One item sent to one subscriber in a digest, so no one is sent the same item twice.

    Items are meetings here or resource pages elsewhere, so they are named by kind and primary key.
    """

    subscription = models.ForeignKey(NetworkSubscription, on_delete=models.CASCADE, related_name="deliveries")
    item_kind = models.CharField(max_length=30)
    item_id = models.PositiveBigIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "item_kind", "item_id"], name="each_item_sent_once"),
        ]

    def __str__(self):
        return f"{self.item_kind} {self.item_id} to {self.subscription.email}"
