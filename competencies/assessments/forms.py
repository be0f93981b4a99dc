from django import forms

from competencies.models import RoleProfile


class RoleProfileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} (level {obj.level.number})"


class StartAssessmentForm(forms.Form):
    role_profile = RoleProfileChoiceField(
        queryset=RoleProfile.objects.none(),
        widget=forms.RadioSelect,
        label="Your current role",
        empty_label=None,
        error_messages={"required": "Choose the role profile closest to your job."},
    )
    target_profile = RoleProfileChoiceField(
        queryset=RoleProfile.objects.none(),
        required=False,
        label="The role you are working towards (optional)",
        empty_label="No target role",
        help_text="We show how ready you are for it and what it asks that you do not yet meet.",
    )

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_profile"].queryset = profiles
        self.fields["target_profile"].queryset = profiles


class SelfRatingForm(forms.Form):
    """One competence on the rating page; every field is optional so a person can save as they go."""

    value = forms.TypedChoiceField(coerce=int, required=False, widget=forms.RadioSelect, label="Your rating")
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Evidence",
        help_text="What you did that shows this, for example a case, feedback or a piece of work.",
    )
    training = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Training you attended for this",
    )
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Comment")
    # The rating's revision the page was built from, so a save after someone else's is refused, not lost.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    OUT_OF_DATE = "This page is out of date. Go back to your assessment, open this page again and save."

    def __init__(self, *args, scale, attended, title, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].label = f"Your rating for {title}"
        self.fields["value"].choices = [(value.value, value.label) for value in scale]
        if attended:
            self.fields["training"].choices = [
                (a.pk, f"{a.session.title}, {a.session.starts_at:%d %B %Y}") for a in attended
            ]
        else:
            del self.fields["training"]

    def clean(self):
        cleaned = super().clean()
        if self.has_error("revision"):
            # A hidden field's error would show nowhere: say what to do at the top of the page instead.
            del self._errors["revision"]
            self.add_error(None, self.OUT_OF_DATE)
        return cleaned

    def set_revision(self, revision: int) -> None:
        """After a refused save: keep what the person typed, but let a second save replace the new version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("revision")] = str(revision)


class ManagerRatingForm(forms.Form):
    value = forms.TypedChoiceField(coerce=int, required=False, label="Your rating as manager")
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Your comment")

    def __init__(self, *args, scale, title, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [("", "Not rated yet")] + [(value.value, value.label) for value in scale]
        self.fields["value"].label = f"Your rating for {title}"
        self.fields["comment"].label = f"Your comment on {title}"


class ReviewRevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DecisionForm(forms.Form):
    SIGN_OFF, RETURN = "sign_off", "return"
    decision = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="What do you want to do?",
        choices=[(SIGN_OFF, "Agree and sign off"), (RETURN, "Return it to them with a message")],
        error_messages={"required": "Choose whether to sign off or return the assessment."},
    )
    message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Message",
        help_text="Needed when you return it: say what they should look at again.",
    )


class TeamFilterForm(forms.Form):
    role_profile = forms.ChoiceField(required=False, label="Role profile")
    domain = forms.ChoiceField(required=False, label="Domain")

    def __init__(self, *args, role_profiles, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_profile"].choices = [("", "All role profiles"), *role_profiles]
        self.fields["domain"].choices = [("", "All domains"), *domains]
