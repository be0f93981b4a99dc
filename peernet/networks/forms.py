from django import forms
from django.contrib.auth import get_user_model

from competencies.models import Competence, RoleProfile
from peernet.models import NetworkMembership
from workforce.models import Service


class JoinForm(forms.Form):
    reason = forms.CharField(
        label="Why do you want to join? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example your role and what you hope to share or learn.",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Let them join"), ("decline", "Do not let them join")],
        widget=forms.RadioSelect,
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address", help_text="We will send you a link to confirm. We only use it for these updates."
    )


class _UserChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class MeetingForm(forms.Form):
    title = forms.CharField(max_length=200)
    date = forms.DateField(help_text="For example 14/03/2026")
    host_service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        required=False,
        label="Host service (optional)",
        help_text="Leave blank for an online meeting.",
    )
    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))
    actions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="One action per line, with who will do it."
    )
    attendees = _UserChoice(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Who came",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_service"].queryset = network.services.all()
        self.fields["attendees"].queryset = (
            get_user_model()
            .objects.filter(
                network_memberships__network=network, network_memberships__status=NetworkMembership.Status.APPROVED
            )
            .order_by("first_name", "last_name")
        )


class VisitForm(forms.Form):
    visiting_service = forms.ModelChoiceField(queryset=Service.objects.none(), label="Visiting team")
    host_service = forms.ModelChoiceField(queryset=Service.objects.none(), label="Team visited")
    date = forms.DateField(help_text="For example 14/03/2026")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="What did the team want to see?")
    learning = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What they learned (optional)"
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visiting_service"].queryset = network.services.all()
        self.fields["host_service"].queryset = network.services.all()


def published_role_profiles():
    return (
        RoleProfile.objects.filter(version__status="published")
        .select_related("level")
        .order_by("level__number", "title")
    )


class InterviewPackForm(forms.Form):
    role_profile = forms.ModelChoiceField(
        queryset=RoleProfile.objects.none(), label="Role you are recruiting for", empty_label="Choose a role"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_profile"].queryset = published_role_profiles()


class InterviewQuestionForm(forms.Form):
    competence = forms.ModelChoiceField(
        queryset=Competence.objects.none(), label="Competence the question tests", empty_label="Choose a competence"
    )
    question = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    good_answer = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What a good answer shows (optional)"
    )
    share_with_every_network = forms.BooleanField(required=False, label="Share with every network, not only this one")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = Competence.objects.filter(version__status="published").order_by("code")
