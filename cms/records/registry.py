"""Where the site holds information about a person, and how long each kind of record is kept.

Two lists, kept together because they answer the same question from two sides:

- ``HELD``: for every model that points at a person, how it does (the lookup from the model to the person's
  row), so a subject access export finds everything about them. A person is one of the ``SUBJECTS``: a staff
  member's profile, a peer's record, a young expert's record, or the account they sign in with.
- ``EXCLUDED``: the fields that point at a person but are left out of that person's export, each with the
  reason. These are almost all "who did it" fields on another person's record (who recorded a check, who
  signed off an assessment): the record is the other person's, and in their export the name is replaced.

``tests/cms/records/test_registry.py`` walks every model of cms, workforce, competencies and peernet and
fails when a field pointing at a person is in neither list. ``RETAINED`` lists the kinds of record that are
reviewed when their retention period (``settings.RECORDS_RETENTION``) ends.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import DateTimeField, F, IntegerField, Max, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from workforce.common.dates import add_months

# The kinds of person, and the model whose row is that person.
SUBJECTS = {
    "staff": "workforce.StaffProfile",
    "peer": "peernet.Peer",
    "young_expert": "workforce.YoungExpert",
    "account": settings.AUTH_USER_MODEL,
}
SUBJECT_NAMES = {"staff": "Staff member", "peer": "Peer", "young_expert": "Young expert"}


@dataclass(frozen=True)
class Held:
    """One model in the export. ``paths`` maps a lookup from this model to a subject kind: rows whose
    lookup equals that subject's row id belong in the subject's export. ``omit`` are fields never exported
    (secrets, or keys that mean nothing to a person)."""

    model: str
    title: str
    paths: dict[str, str]
    omit: tuple[str, ...] = ()

    @property
    def model_class(self):
        return apps.get_model(self.model)


HELD = [
    Held(
        "auth.User",
        "Your account",
        {"pk": "account"},
        omit=("password", "is_superuser", "is_staff", "groups", "user_permissions"),
    ),
    Held("workforce.StaffProfile", "Your staff record", {"pk": "staff", "user": "account"}),
    Held("workforce.YoungExpert", "Your young expert record", {"pk": "young_expert", "user": "account"}),
    Held("peernet.Peer", "Your peer record", {"pk": "peer", "user": "account"}),
    # Staff: training, assessments and development plans.
    Held("workforce.TrainingSession", "Training sessions you ran", {"facilitator": "staff"}),
    Held("workforce.TrainingSession", "Training sessions you helped deliver", {"young_experts": "young_expert"}),
    Held("workforce.TrainingAttendance", "Your places on training", {"attendee": "staff"}),
    Held("workforce.AttendeeFeedback", "Your feedback on training", {"attendance__attendee": "staff"}),
    Held("workforce.ConfidenceRating", "How confident you felt", {"feedback__attendance__attendee": "staff"}),
    Held("workforce.FollowUp", "What changed after training", {"attendance__attendee": "staff"}),
    Held("competencies.Assessment", "Your self-assessments", {"staff": "staff"}),
    Held("competencies.AssessmentStatusChange", "Changes to your self-assessments", {"assessment__staff": "staff"}),
    Held("competencies.Rating", "Your ratings", {"assessment__staff": "staff"}),
    Held("competencies.PlanAction", "Your development plan", {"assessment__staff": "staff"}),
    Held("competencies.EvidenceItem", "Files and links you gave as evidence", {"rating__assessment__staff": "staff"}),
    Held("competencies.ReassessmentReminder", "Reminders to assess yourself again", {"staff": "staff"}),
    # Young experts.
    Held("workforce.Involvement", "Time you gave", {"young_expert": "young_expert"}),
    Held("workforce.YoungExpertFeedback", "What you said about sessions", {"young_expert": "young_expert"}),
    # Peers.
    Held("peernet.StageChange", "Your journey", {"peer": "peer"}),
    Held("peernet.Check", "Your checks", {"peer": "peer"}),
    Held("peernet.MilestoneRecord", "Your reviews", {"peer": "peer"}),
    Held("peernet.Extension", "Asking to stay longer", {"peer": "peer"}),
    Held("peernet.Supervision", "Your supervision", {"peer": "peer"}),
    Held("peernet.CheckIn", "Your check-ins", {"peer": "peer"}),
    Held("peernet.SupportAlert", "Times you needed extra support", {"peer": "peer"}),
    Held("peernet.CaseAllocation", "Cases you were given", {"peer": "peer"}),
    Held("peernet.CaseEvent", "What happened on your cases", {"allocation__peer": "peer"}),
    Held("peernet.ActivityLog", "Your hours", {"peer": "peer"}),
    Held("peernet.TrainingRecord", "Your training", {"peer": "peer"}),
    Held("peernet.FollowUp", "Where you were after you left", {"peer": "peer"}),
    Held("peernet.Feedback", "Feedback about you", {"peer": "peer"}),
    # Anyone with an account.
    Held("peernet.SentReminder", "Reminders we emailed you", {"recipient": "account"}),
    Held("peernet.NetworkMembership", "Your peer networks", {"user": "account"}),
    Held("peernet.NetworkMeeting", "Network meetings you went to", {"attendees": "account"}),
]

WHO_DID_IT = (
    "Who did something to another person's record. The record is the other person's; in their export this "
    "name is replaced."
)
PAGE_AUTHOR = "Who created or is editing a public web page: shown in the Wagtail admin's page history."

EXCLUDED = {
    **{
        (f"cms.{page}", name): PAGE_AUTHOR
        for page in (
            "HomePage",
            "ContentPage",
            "NewsIndexPage",
            "NewsPage",
            "NetworkHubPage",
            "ResourcePage",
        )
        for name in ("owner", "locked_by")
    },  # fmt: skip
    ("cms.ReviewDecision", "by"): "Who decided about a record due for review: the service's evidence of the review.",
    ("cms.Erasure", "by"): "Who erased a record: the tombstone must say who, and holds nothing about the record.",
    ("cms.ResourceReview", "submitted_by"): (
        "Who sent a shared resource for approval: a team's work shared with a network, not a record about them."
    ),
    ("cms.ResourceReview", "decided_by"): (
        "Which coordinator approved or sent back a shared resource: the network's record of its decision."
    ),
    ("workforce.UserSession", "user"): (
        "A browser's sign-in session: a technical key that ends within hours, holding nothing about the person."
    ),
    ("workforce.Download", "requested_by"): (
        "A spreadsheet someone asked to download, deleted a day later: a copy of records they could already see, "
        "most about other people, not a record about them."
    ),
    ("workforce.AccessEvent", "actor"): (
        "The access log: which records a person opened. It is the audit trail and lists other people's records."
    ),
    ("workforce.StaffProfile", "line_manager"): (
        "Names the line manager on a staff member's own record. Their reports' records are not theirs."
    ),
    ("workforce.YouthOrganisation", "contact"): (
        "An organisation's record naming its contact. The contact's own details are in their account's export."
    ),
    ("workforce.YouSaidWeDid", "recorded_by"): WHO_DID_IT,
    ("competencies.Assessment", "signed_off_by"): WHO_DID_IT,
    ("competencies.AssessmentStatusChange", "by"): WHO_DID_IT,
    ("competencies.Rating", "manager_by"): WHO_DID_IT,
    ("competencies.EvidenceItem", "added_by"): WHO_DID_IT,
    ("peernet.Peer", "coordinator"): WHO_DID_IT,
    ("peernet.Peer", "cover_coordinator"): WHO_DID_IT,
    ("peernet.StageChange", "moved_by"): WHO_DID_IT,
    ("peernet.Check", "recorded_by"): WHO_DID_IT,
    ("peernet.MilestoneRecord", "recorded_by"): WHO_DID_IT,
    ("peernet.Extension", "requested_by"): WHO_DID_IT,
    ("peernet.Extension", "decided_by"): WHO_DID_IT,
    ("peernet.Supervision", "supervisor"): WHO_DID_IT,
    ("peernet.SupportAlert", "raised_by"): WHO_DID_IT,
    ("peernet.SupportAlert", "closed_by"): WHO_DID_IT,
    ("peernet.CaseAllocation", "allocated_by"): WHO_DID_IT,
    ("peernet.CaseEvent", "by"): WHO_DID_IT,
    ("peernet.ActivityLog", "decided_by"): WHO_DID_IT,
    ("peernet.FollowUp", "recorded_by"): WHO_DID_IT,
    ("peernet.NetworkMembership", "decided_by"): WHO_DID_IT,
    ("peernet.InterviewPack", "created_by"): (
        "Who built an interview pack: the pack is the network's shared material, not about the person."
    ),
}


def person_models() -> set:
    return {apps.get_model(label) for label in SUBJECTS.values()}


# --- Retention ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retained:
    """A kind of record reviewed when its period ends. ``candidates(cutoff)`` are the rows whose period
    started before ``cutoff`` (today less the period), annotated with ``period_from`` and ``service_ref``."""

    kind: str
    model: str
    name: str
    runs_from: str
    candidates: object = field(repr=False)
    label: object = field(repr=False)

    @property
    def years(self) -> int:
        return settings.RECORDS_RETENTION[self.kind]

    def cutoff(self, today: datetime.date) -> datetime.date:
        return add_months(today, -12 * self.years)

    def reason(self) -> str:
        return f"{self.name}s are kept for {self.years} years {self.runs_from}."


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _as_date(value) -> datetime.date:
    return timezone.localdate(value) if isinstance(value, datetime.datetime) else value


def _staff(cutoff):
    model = apps.get_model("workforce", "StaffProfile")
    return (
        model.objects.filter(active=False)
        .annotate(period_from=Coalesce("user__last_login", "user__date_joined"))
        .filter(period_from__lt=_start_of(cutoff))
        .annotate(service_ref=F("service_id"))
        .select_related("user")
    )


def _appraisals(cutoff):
    model = apps.get_model("competencies", "Assessment")
    return (
        model.objects.annotate(
            period_from=Coalesce("signed_off_at", "submitted_at", "created_at", output_field=DateTimeField())
        )
        .filter(period_from__lt=_start_of(cutoff))
        .annotate(service_ref=F("staff__service_id"))
        .select_related("staff__user", "role_profile")
    )


def _peers(cutoff):
    model = apps.get_model("peernet", "Peer")
    return (
        model.objects.filter(ended_on__isnull=False, ended_on__lt=cutoff)
        .annotate(period_from=F("ended_on"), service_ref=F("service_id"))
        .select_related("service")
    )


def _training(cutoff):
    model = apps.get_model("workforce", "TrainingAttendance")
    return (
        model.objects.filter(session__starts_at__lt=_start_of(cutoff))
        .annotate(period_from=F("session__starts_at"), service_ref=F("attendee__service_id"))
        .select_related("session", "attendee__user")
    )


def _young_experts(cutoff):
    model = apps.get_model("workforce", "YoungExpert")
    # Young experts belong to a youth organisation, not a service, so only administrators review them.
    involved, delivered = Max("involvements__date"), Max("sessions__starts_at__date")
    return (
        model.objects.annotate(period_from=Greatest(Coalesce(involved, delivered), Coalesce(delivered, involved)))
        .filter(period_from__lt=cutoff)
        .annotate(service_ref=Value(None, output_field=IntegerField()))
    )


RETAINED = [
    Retained(
        "staff",
        "workforce.StaffProfile",
        "Staff record",
        "after the person leaves (counted from their last sign-in)",
        _staff,
        lambda profile: f"Staff record: {profile.display_name} ({profile.job_title})",
    ),
    Retained(
        "appraisal",
        "competencies.Assessment",
        "Self-assessment",
        "after it was signed off (or submitted or started, if it never was)",
        _appraisals,
        lambda a: f"Self-assessment: {a.staff.display_name}, {a.role_profile.title} ({a.created_at:%d %b %Y})",
    ),
    Retained(
        "peer",
        "peernet.Peer",
        "Peer record",
        "after their volunteering or peer work ended",
        _peers,
        lambda peer: f"Peer record: {peer.display_name} ({peer.kind_label.lower()})",
    ),
    Retained(
        "training",
        "workforce.TrainingAttendance",
        "Training record",
        "after the training session",
        _training,
        lambda a: f"Training record: {a.attendee.display_name} at {a.session}",
    ),
    Retained(
        "young_expert",
        "workforce.YoungExpert",
        "Young expert record",
        "after their last involvement",
        _young_experts,
        lambda expert: f"Young expert record: {expert.display_name}",
    ),
]
RETAINED_BY_KIND = {retained.kind: retained for retained in RETAINED}


def period_ended_on(retained: Retained, period_from) -> datetime.date:
    return add_months(_as_date(period_from), 12 * retained.years)
