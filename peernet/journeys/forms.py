"""Forms for peer journeys: they parse what people type; the services decide what is allowed."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from peernet.models import (
    ActivityLog,
    CaseAllocation,
    Check,
    Extension,
    Feedback,
    FollowUp,
    Peer,
    Stage,
    Supervision,
    TrainingRecord,
)
from workforce import roles
from workforce.common.forms import RequiredRadiosMixin
from workforce.models import StaffProfile


class ModelForm(RequiredRadiosMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True, help_text: str = "", today: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        initial=timezone.localdate if today else None,
    )


class RevisionMixin(forms.Form):
    """Carries the revision of the record the form was built from, so the service can refuse a save made
    after someone else's (see ``services.EditConflictError``)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self):
        cleaned = super().clean()
        if self.has_error("revision"):
            # A hidden field's error would show nowhere: say what to do at the top of the form instead.
            del self._errors["revision"]
            self.add_error(None, "This page is out of date. Go back to the record, open it again and make your change.")
        return cleaned

    def set_revision(self, revision: int) -> None:
        """After a refused save: keep what the person typed, but let a second save replace the new version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("revision")] = str(revision)


class PeerCreateForm(forms.Form):
    display_name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="The name the team uses for them. First name and initial is enough.",
    )
    paid = forms.TypedChoiceField(
        label="Paid or volunteer",
        widget=forms.RadioSelect,
        coerce=lambda value: value == "paid",
        choices=[("volunteer", "Peer support volunteer"), ("paid", "Paid peer support worker")],
    )
    cover_coordinator = forms.ModelChoiceField(
        label="Cover coordinator (optional)",
        queryset=StaffProfile.objects.none(),
        required=False,
        help_text="Who looks after them when you are away.",
    )
    user = forms.ModelChoiceField(
        label="Their sign-in (optional)",
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="Only people set up as peer workers in your service who have no record yet are listed.",
    )
    enquiry_on = date_field("Date of first enquiry")

    def __init__(self, *args, coordinator: StaffProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover_coordinator"].queryset = (
            StaffProfile.objects.filter(service=coordinator.service, user__groups__name=roles.PEER_COORDINATOR.name)
            .exclude(pk=coordinator.pk)
            .select_related("user")
        )
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(
                staff_profile__service=coordinator.service, groups__name=roles.PEER_WORKER.name, peer__isnull=True
            )
            .order_by("first_name")
        )
        self.fields["user"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["cover_coordinator"].label_from_instance = lambda profile: profile.display_name


class AssignForm(RevisionMixin, forms.Form):
    coordinator = forms.ModelChoiceField(label="Coordinator", queryset=StaffProfile.objects.none())
    cover_coordinator = forms.ModelChoiceField(
        label="Cover coordinator (optional)", queryset=StaffProfile.objects.none(), required=False
    )

    def __init__(self, *args, peer: Peer, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "coordinator": peer.coordinator_id,
                "cover_coordinator": peer.cover_coordinator_id,
                "revision": peer.revision,
            },
        )
        super().__init__(*args, **kwargs)
        coordinators = StaffProfile.objects.filter(
            service_id=peer.service_id, active=True, user__groups__name=roles.PEER_COORDINATOR.name
        ).select_related("user")
        for name in ("coordinator", "cover_coordinator"):
            self.fields[name].queryset = coordinators
            self.fields[name].label_from_instance = lambda profile: profile.display_name


class MoveStageForm(RevisionMixin, forms.Form):
    stage = forms.ChoiceField(label="Move to", widget=forms.RadioSelect)
    on = date_field("Date")
    reason = forms.CharField(
        label="Why (optional for the next stage)",
        max_length=200,
        required=False,
        help_text="For example: interview went well. Do not write about offences or health.",
    )

    def __init__(self, *args, peer: Peer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = peer.revision
        # Only the stages ahead; past "active" only for someone who has been active.
        order = Stage.values
        here = order.index(peer.stage)
        self.fields["stage"].choices = [
            (value, label)
            for value, label in Stage.choices
            if order.index(value) > here
            and value != Stage.ENDED
            and (peer.start_date is not None or order.index(value) <= order.index(Stage.ACTIVE))
        ]
        if peer.stage != Stage.ENDED and here + 1 < len(order) - 1:
            self.fields["stage"].initial = order[here + 1]


class CheckForm(ModelForm):
    completed_on = date_field("Date done")
    expires_on = date_field(
        "Expiry date (optional)", required=False, today=False, help_text="Leave blank if it does not expire."
    )

    class Meta:
        model = Check
        fields = ["kind", "completed_on", "expires_on", "update_service"]
        labels = {"kind": "Which check"}
        widgets = {"kind": forms.RadioSelect, "update_service": forms.RadioSelect}
        help_texts = {"update_service": "DBS checks only. Record only the status, never what a certificate says."}


class CheckCorrectForm(RevisionMixin, CheckForm):
    """Correcting a check someone recorded: the same fields, and the revision it was opened at."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = self.instance.revision


class SupervisionForm(ModelForm):
    held_on = date_field("Date of supervision")
    next_due_on = date_field("Next supervision due", today=False)

    class Meta:
        model = Supervision
        fields = ["held_on", "wellbeing", "notes", "actions", "next_due_on"]
        labels = {
            "wellbeing": "Wellbeing check: how are they?",
            "notes": "Notes (optional)",
            "actions": "Actions (optional)",
        }
        help_texts = {"notes": "Only you, any cover coordinator and the peer can read these."}
        widgets = {
            "wellbeing": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_due_on"].initial = timezone.localdate() + datetime.timedelta(days=28)


class SupervisionCorrectForm(RevisionMixin, SupervisionForm):
    """Correcting a supervision record: the same fields, and the revision it was opened at."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = self.instance.revision


class AllocationForm(ModelForm):
    allocated_on = date_field("Date allocated")

    class Meta:
        model = CaseAllocation
        fields = ["case_reference", "setting", "risk", "allocated_on"]
        help_texts = {"case_reference": "The case reference only. Never the name of the person supported."}
        widgets = {"setting": forms.RadioSelect, "risk": forms.RadioSelect}

    def __init__(self, *args, peer: Peer, **kwargs):
        super().__init__(*args, **kwargs)
        self.peer = peer
        if peer.is_volunteer:
            self.fields["risk"].help_text = "Volunteers only take low-risk cases."

    def clean_case_reference(self):
        return self.cleaned_data["case_reference"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        risk = cleaned.get("risk")
        refusal = CaseAllocation.refusal_for(self.peer, risk) if risk else None
        if refusal:
            self.add_error("risk", refusal)
        return cleaned


class AllocationChangeForm(AllocationForm):
    """The same case with its close date, so a mistake can be put right or a case closed on the right day."""

    closed_on = date_field(
        "Date closed (optional)", required=False, today=False, help_text="Leave blank while the case is open."
    )

    class Meta(AllocationForm.Meta):
        fields = ["case_reference", "setting", "risk", "allocated_on", "closed_on"]


class SupportAlertCloseForm(forms.Form):
    done_on = date_field("When was it done?")
    done_on.error_messages["required"] = "Enter the date it was done."
    action = forms.CharField(
        label="What was done?",
        max_length=1000,
        error_messages={"required": "Say what was done to support them."},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: rang them the same day and agreed a check-in on Friday. Do not write about "
        "offences or health details.",
    )


class CheckInForm(forms.Form):
    wellbeing = forms.ChoiceField(
        label="How are you today?",
        widget=forms.RadioSelect,
        choices=[
            (Supervision.Wellbeing.GOOD, "I am doing well"),
            (Supervision.Wellbeing.OK, "I am OK"),
            (Supervision.Wellbeing.STRUGGLING, "I am finding things hard"),
            (Supervision.Wellbeing.NEEDS_SUPPORT, "I need extra support now"),
        ],
        error_messages={"required": "Choose how you are today."},
    )


class HoursForm(ModelForm):
    worked_on = date_field("Date")

    class Meta:
        model = ActivityLog
        fields = ["worked_on", "activity", "hours"]
        labels = {"activity": "Where or what", "hours": "Hours"}
        help_texts = {"hours": "For example 3.5 for three and a half hours."}
        widgets = {"activity": forms.RadioSelect}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("return", "Do not approve")])

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class MilestoneForm(forms.Form):
    milestone = forms.ChoiceField(label="Which milestone", widget=forms.RadioSelect)
    done_on = date_field("Date")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = choices


class TrainingForm(ModelForm):
    started_on = date_field("Started")
    completed_on = date_field("Finished (optional)", required=False, today=False)

    class Meta:
        model = TrainingRecord
        fields = ["course", "title", "started_on", "completed_on"]
        labels = {"course": "Training", "title": "Name of the training (for other training)"}
        widgets = {"course": forms.RadioSelect}


class ExtensionForm(ModelForm):
    new_end_date = date_field("New end date", today=False)

    class Meta:
        model = Extension
        fields = ["new_end_date", "reason"]
        help_texts = {"reason": "The service manager sees this. Do not write about offences or health."}


class EndForm(RevisionMixin, forms.Form):
    ended_on = date_field("Last day")
    outcome = forms.ChoiceField(
        label="Where are they going next?", choices=Peer.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Anything to add (optional)", max_length=200, required=False)


class FollowUpForm(ModelForm):
    recorded_on = date_field("Date")

    class Meta:
        model = FollowUp
        fields = ["months_after", "outcome", "recorded_on"]
        labels = {"months_after": "Which follow-up", "outcome": "Where are they now?"}
        widgets = {"months_after": forms.RadioSelect, "outcome": forms.RadioSelect}


class FeedbackForm(ModelForm):
    received_on = date_field("Date received")

    class Meta:
        model = Feedback
        fields = ["given_by", "received_on", "rating", "comment"]
        widgets = {
            "given_by": forms.RadioSelect,
            "rating": forms.RadioSelect(choices=[(n, str(n)) for n in range(1, 6)]),
        }
