from django import forms
from django.contrib.auth import get_user_model

from workforce.common.forms import RequiredRadiosMixin
from workforce.models import (
    Involvement,
    Service,
    StaffProfile,
    TrainingSession,
    YoungExpert,
    YoungExpertFeedback,
    YouSaidWeDid,
    YouthOrganisation,
)

# The format a browser's date and time picker reads and sends.
LOCAL_DATETIME = "%Y-%m-%dT%H:%M"
ONE_TO_FIVE = [(value, str(value)) for value in range(1, 6)]


class ParseOnlyModelForm(RequiredRadiosMixin, forms.ModelForm):
    """A model form that only parses. The service sets, validates and saves the object, so the form
    neither copies values onto the instance nor runs the model's validation a second time."""

    def _post_clean(self):
        pass


class YouthOrganisationForm(ParseOnlyModelForm):
    contact_email = forms.EmailField(
        label="Contact's email address",
        required=False,
        help_text="They must already have an account. They will see their own young experts' details.",
    )

    class Meta:
        model = YouthOrganisation
        fields = ["name", "region"]

    def clean_contact_email(self):
        email = self.cleaned_data["contact_email"].strip()
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("There is no account with that email address.")
        return user


class YoungExpertForm(ParseOnlyModelForm):
    account_email = forms.EmailField(
        label="Their account's email address (optional)",
        required=False,
        help_text="Only if they have an account and want to see their own involvement and certificates.",
    )

    class Meta:
        model = YoungExpert
        fields = [
            "display_name",
            "age_band",
            "organisation",
            "consent",
            "carer_consent",
            "safeguarding_contact",
            "recognition",
            "active",
        ]
        widgets = {"age_band": forms.RadioSelect, "recognition": forms.RadioSelect}
        labels = {
            "display_name": "Name they want to be known by",
            "consent": "They agreed to take part",
            "carer_consent": "A parent or carer agreed (needed under 16)",
            "recognition": "How they want to be thanked",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.user_id:
            self.fields["account_email"].initial = self.instance.user.email

    def clean_account_email(self):
        email = self.cleaned_data["account_email"].strip()
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("There is no account with that email address.")
        return user


class InvolvementForm(forms.Form):
    kind = forms.ChoiceField(label="What they did", choices=Involvement.Kind.choices, widget=forms.RadioSelect)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hours = forms.DecimalField(min_value=0.25, max_value=24, decimal_places=2, help_text="For example 1.5")
    session = forms.ModelChoiceField(
        queryset=TrainingSession.objects.none(), required=False, label="Session (if it was for one)"
    )
    note = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, young_expert, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = young_expert.sessions.all()


class TrainingSessionForm(ParseOnlyModelForm):
    starts_at = forms.DateTimeField(
        label="Starts", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME)
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME),
    )

    class Meta:
        model = TrainingSession
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "online",
            "location",
            "service",
            "region",
            "capacity",
            "facilitator",
            "young_experts",
            "competences",
        ]
        widgets = {"young_experts": forms.CheckboxSelectMultiple, "competences": forms.CheckboxSelectMultiple}
        labels = {"online": "This session is online", "facilitator": "Staff facilitator"}
        help_texts = {"region": "Filled in from the service if you choose one."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].required = False
        self.fields["young_experts"].queryset = YoungExpert.objects.active()
        self.fields["young_experts"].help_text = "Choose at least two."
        self.fields["facilitator"].queryset = StaffProfile.objects.active().select_related("user")
        self.fields["service"].queryset = Service.objects.active()
        # Only the competences of frameworks in use; the string lookup keeps workforce free of upward imports.
        self.fields["competences"].queryset = (
            self.fields["competences"].queryset.filter(version__status="published").order_by("code")
        )
        self.fields["competences"].help_text = "The framework competences it helps people develop."

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("region") and not cleaned.get("service"):
            self.add_error("region", "Choose the service the session is for, or the region.")
        return cleaned


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who came. Everyone else with a place is marked as not attending.",
    )

    def __init__(self, *args, attendances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (attendance.pk, f"{attendance.attendee.display_name}, {attendance.attendee.service}")
            for attendance in attendances
        ]
        self.fields["attended"].initial = [a.pk for a in attendances if a.status == "attended"]


class AttendeeFeedbackForm(forms.Form):
    learned = forms.CharField(label="What did you learn?", widget=forms.Textarea(attrs={"rows": 4}))
    will_do_differently = forms.CharField(
        label="What will you do differently?", widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, competences, **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        for competence in self.competences:
            for when in ("before", "after"):
                self.fields[f"{when}_{competence.pk}"] = forms.TypedChoiceField(
                    label=f"{competence.code} {competence.title}: your confidence {when} the session",
                    choices=ONE_TO_FIVE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    help_text="1 is not at all confident, 5 is very confident.",
                )

    def confidence(self) -> dict:
        return {
            competence: (self.cleaned_data[f"before_{competence.pk}"], self.cleaned_data[f"after_{competence.pk}"])
            for competence in self.competences
        }


class YoungExpertFeedbackForm(ParseOnlyModelForm):
    class Meta:
        model = YoungExpertFeedback
        fields = ["voice", "audience", "influence", "comments"]
        widgets = {"voice": forms.RadioSelect, "audience": forms.RadioSelect, "influence": forms.RadioSelect}
        labels = {"comments": "Anything else you want to tell us?"}


class FollowUpForm(forms.Form):
    what_changed = forms.CharField(
        label="What has changed in your practice since the session?", widget=forms.Textarea(attrs={"rows": 5})
    )


class YouSaidWeDidForm(ParseOnlyModelForm):
    class Meta:
        model = YouSaidWeDid
        fields = ["you_said", "we_did", "service", "session"]
        widgets = {"you_said": forms.Textarea(attrs={"rows": 3}), "we_did": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = TrainingSession.objects.filter(youth_led=True)


class ReportPeriodForm(forms.Form):
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", "The end of the period must be on or after its start.")
        return cleaned

    def period(self) -> dict:
        if not self.is_valid():
            return {}
        return {"start": self.cleaned_data["start"], "end": self.cleaned_data["end"]}
