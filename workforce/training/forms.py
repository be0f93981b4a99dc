import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from workforce.common.dates import add_months
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
from workforce.training.models import MOST_PLACES, PLACES_MESSAGE

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
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        help_text=f"How many people can come, from 1 to {MOST_PLACES}. When it is full, people join a waiting list.",
    )
    no_limit = forms.BooleanField(label="There is no limit on places", required=False)

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
            "no_limit",
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
        if self.instance.pk and self.instance.capacity is None:
            self.fields["no_limit"].initial = True

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("region") and not cleaned.get("service"):
            self.add_error("region", "Choose the service the session is for, or the region.")
        capacity, no_limit = cleaned.get("capacity"), cleaned.get("no_limit")
        if "capacity" in self.errors:
            return cleaned
        if no_limit and capacity is not None:
            self.add_error("capacity", "Enter a number of places or choose no limit, not both.")
        elif not no_limit and capacity is None or capacity is not None and not 1 <= capacity <= MOST_PLACES:
            self.add_error("capacity", PLACES_MESSAGE)
        return cleaned

    def session_fields(self) -> dict:
        """The session's own fields, as the service takes them: no limit is an empty capacity."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "no_limit"}
        if self.cleaned_data["no_limit"]:
            fields["capacity"] = None
        return fields


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who came. Everyone else with a place is marked as not attending.",
    )
    walk_ins = forms.CharField(
        label="Walk-ins",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Staff who came without a place. Enter each person's email address on its own line. "
            "They get the session as evidence and are asked for feedback, like everyone else who came."
        ),
    )

    def clean_walk_ins(self) -> list:
        emails = list(dict.fromkeys(line.strip().lower() for line in self.cleaned_data["walk_ins"].splitlines()))
        emails = [email for email in emails if email]
        profiles = {
            profile.user.email.lower(): profile
            for profile in StaffProfile.objects.filter(user__email__in=emails).select_related("user")
        }
        unknown = [email for email in emails if email not in profiles]
        if unknown:
            raise forms.ValidationError(
                f"Walk-ins: there is no staff member with the email address {', '.join(unknown)}. "
                "Check the address. Only staff with an account can be recorded."
            )
        return [profiles[email] for email in emails]

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
    changed_practice = forms.TypedChoiceField(
        label="Has the session changed how you work?",
        choices=[("yes", "Yes"), ("no", "No, not yet")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the session has changed how you work."},
    )
    what_changed = forms.CharField(
        label="What has changed? If nothing has yet, what got in the way?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tell us what has changed, or what got in the way."},
    )


class YouSaidWeDidForm(ParseOnlyModelForm):
    class Meta:
        model = YouSaidWeDid
        fields = ["you_said", "we_did", "service", "session"]
        widgets = {"you_said": forms.Textarea(attrs={"rows": 3}), "we_did": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = TrainingSession.objects.filter(youth_led=True)


# The report covers youth-led sessions from the year the programme began to two years ahead.
REPORT_FIRST_DAY = datetime.date(2015, 1, 1)


class ReportPeriodForm(forms.Form):
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def _bounded(self, name, label):
        day = self.cleaned_data[name]
        latest = add_months(timezone.localdate(), 24)
        if day is not None and not REPORT_FIRST_DAY <= day <= latest:
            raise forms.ValidationError(
                f"The '{label}' date must be between {REPORT_FIRST_DAY.day} {REPORT_FIRST_DAY:%B %Y} "
                f"and {latest.day} {latest:%B %Y}."
            )
        return day

    def clean_start(self):
        return self._bounded("start", "From")

    def clean_end(self):
        return self._bounded("end", "To")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", "The end of the period must be on or after its start.")
        return cleaned

    def period(self) -> dict:
        if not self.is_valid():
            return {}
        return {"start": self.cleaned_data["start"], "end": self.cleaned_data["end"]}
