from django import forms
from django.utils import timezone

from competencies.models import Competence, PlanAction
from competencies.plans.models import HTTPS_ONLY
from workforce.models import TrainingSession


class CompetenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        starts = timezone.localtime(obj.starts_at)
        where = "online" if obj.online else (obj.location or "place to be confirmed")
        return f"{obj.title}, {starts.day} {starts:%B %Y} ({where})"


class PlanActionForm(forms.Form):
    """Add or change one action. Dates are checked again by the service, which knows when the plan was made."""

    competence = CompetenceChoiceField(
        queryset=Competence.objects.none(),
        required=False,
        empty_label="Not about one competence",
        label="Competence",
    )
    action = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What I will do",
        error_messages={"required": "Say what you will do."},
    )
    due_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        label="By when",
        error_messages={
            "required": "Give a date in 'By when'.",
            "invalid": "Enter a real date in 'By when', for example 2027-03-31.",
        },
    )
    session = SessionChoiceField(
        queryset=TrainingSession.objects.none(),
        required=False,
        empty_label="No session",
        label="Youth-led training session (optional)",
        help_text="Sessions still to come that you can sign up to. You can sign up from the plan.",
        error_messages={"invalid_choice": "Choose one of the sessions in the list."},
    )
    link = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[HTTPS_ONLY],
        label="Link to other learning (optional)",
        help_text="A course, article or video on the web. It must start with https://.",
        error_messages={"invalid": "Enter a web address that starts with https://."},
    )

    def __init__(self, *args, competences, sessions, earliest, latest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = competences
        self.fields["session"].queryset = TrainingSession.objects.filter(pk__in=[s.pk for s in sessions]).order_by(
            "starts_at"
        )
        if not sessions:
            del self.fields["session"]
        self.fields["due_date"].widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())
        self.fields[
            "due_date"
        ].help_text = (
            f"A date from {earliest.day} {earliest:%B %Y}, when the plan was made, to {latest.day} {latest:%B %Y}."
        )


class PlanStatusForm(forms.Form):
    status = forms.ChoiceField(choices=PlanAction.Status.choices, label="Status")
