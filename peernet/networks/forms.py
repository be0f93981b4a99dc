from django import forms
from django.contrib.auth import get_user_model

from competencies.models import Competence, RoleProfile
from peernet.models import InterviewPack, NetworkMembership
from peernet.networks.models import DEFAULT_SCALE
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


TIME_HELP = "Use the 24-hour clock, UK time. For example 09:30 or 14:00"


class MeetingForm(forms.Form):
    title = forms.CharField(max_length=200)
    date = forms.DateField(help_text="For example 14/03/2026")
    start_time = forms.TimeField(label="Starts at", help_text=TIME_HELP, input_formats=["%H:%M", "%H.%M"])
    end_time = forms.TimeField(label="Ends at", help_text=TIME_HELP, input_formats=["%H:%M", "%H.%M"])
    host_service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        required=False,
        label="Host service (optional)",
        help_text="The team whose building it is in, if any.",
    )
    location = forms.CharField(
        label="Place (optional)",
        required=False,
        max_length=300,
        help_text="The address and room, for people who come in person.",
    )
    online_url = forms.URLField(
        label="Online link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The link to join a video call. It must start with https://",
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
        self.fields["start_time"].widget.attrs.update({"inputmode": "numeric", "class": "nhsuk-input--width-5"})
        self.fields["end_time"].widget.attrs.update({"inputmode": "numeric", "class": "nhsuk-input--width-5"})
        self.fields["online_url"].widget.attrs.update({"spellcheck": "false", "autocomplete": "url"})
        self.fields["host_service"].queryset = network.services.all()
        self.fields["attendees"].queryset = (
            get_user_model()
            .objects.filter(
                network_memberships__network=network, network_memberships__status=NetworkMembership.Status.APPROVED
            )
            .order_by("first_name", "last_name")
        )

    def clean_online_url(self):
        url = self.cleaned_data["online_url"]
        if url and not url.lower().startswith("https://"):
            raise forms.ValidationError("Enter a web link that starts with https://")
        return url

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The meeting must end after it starts.")
        has_place = cleaned.get("host_service") or cleaned.get("location") or cleaned.get("online_url")
        if not has_place and not self.has_error("online_url"):
            self.add_error("location", "Say where the meeting is: give the place or an online link.")
        return cleaned


class CalendarLinkForm(forms.Form):
    action = forms.ChoiceField(choices=[("renew", "Get a new link"), ("stop", "Stop the link")])


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


class PackDetailsForm(forms.Form):
    """The parts of a pack a coordinator writes: what it is for, who is interviewed and by whom, the scale."""

    title = forms.CharField(
        label="Name of the pack", max_length=200, help_text="For example: Peer support volunteer, March interviews"
    )
    role_profile = forms.ModelChoiceField(
        queryset=RoleProfile.objects.none(), label="Role you are recruiting for", empty_label="Choose a role"
    )
    candidate_name = forms.CharField(
        label="Candidate's name (optional)",
        max_length=200,
        required=False,
        help_text="Leave blank to print a space to write it in.",
    )
    interview_date = forms.DateField(
        label="Interview date (optional)", required=False, help_text="For example 14/03/2026"
    )
    panel = forms.CharField(
        label="Panel members (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One person per line, with their role. For example: Kim Walsh, chair",
    )
    lowest_score = forms.TypedChoiceField(
        label="Lowest score",
        choices=[(0, "0"), (1, "1")],
        coerce=int,
        initial=0,
        widget=forms.RadioSelect,
        help_text="The score for the first line of the scale.",
    )
    scale = forms.CharField(
        label="Scoring scale",
        initial=DEFAULT_SCALE,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What each score means, one per line, from lowest to highest. Between 2 and 10 lines.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_profile"].queryset = published_role_profiles()

    def clean_scale(self):
        lines = [line.strip() for line in self.cleaned_data["scale"].splitlines() if line.strip()]
        if not 2 <= len(lines) <= 10:
            raise forms.ValidationError("Write between 2 and 10 lines, one for each score.")
        return "\n".join(lines)

    @staticmethod
    def initial_for(pack: InterviewPack) -> dict:
        return {
            "title": pack.title,
            "role_profile": pack.role_profile,
            "candidate_name": pack.candidate_name,
            "interview_date": pack.interview_date,
            "panel": pack.panel,
            "lowest_score": pack.lowest_score,
            "scale": pack.scale,
        }


class PackQuestionsForm(forms.Form):
    """Tick the questions to ask and number them in the order to ask them. Works without JavaScript."""

    def __init__(self, *args, sections, chosen: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = []
        for expectation, questions in sections:
            rows = []
            for question in questions:
                pick, order = f"pick_{question.pk}", f"order_{question.pk}"
                self.fields[pick] = forms.BooleanField(
                    label=question.question, required=False, initial=question.pk in chosen
                )
                self.fields[order] = forms.IntegerField(
                    label="Order",
                    required=False,
                    min_value=1,
                    max_value=99,
                    initial=chosen.get(question.pk),
                    widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-2"}),
                )
                rows.append((question, self[pick], self[order]))
            self.sections.append((expectation, rows))
        self._questions = {question.pk: question for _, questions in sections for question in questions}

    def clean(self):
        cleaned = super().clean()
        picked = [pk for pk in self._questions if cleaned.get(f"pick_{pk}")]
        if not picked:
            raise forms.ValidationError("Choose at least one question for the pack.")
        # Numbers may repeat or be missing: ties keep the list's order and unnumbered ones go last.
        ranked = sorted(enumerate(picked), key=lambda item: (cleaned.get(f"order_{item[1]}") or 100, item[0]))
        self.ordered_questions = [self._questions[pk] for _, pk in ranked]
        return cleaned
