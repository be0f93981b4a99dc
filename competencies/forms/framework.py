from django import forms


class CompareForm(forms.Form):
    """Two role profiles of one version, chosen by code."""

    first = forms.ChoiceField(label="From role profile")
    second = forms.ChoiceField(label="To role profile")

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.code, f"{p.title} (level {p.level.number})") for p in profiles]
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            raise forms.ValidationError("Choose two different role profiles to compare.")
        return data


class CompetenceSearchForm(forms.Form):
    q = forms.CharField(label="Search competences", required=False, max_length=100,
                        help_text="A word, a code such as LD-RSK-03, or a National Occupational Standard.")
    domain = forms.ChoiceField(label="Domain", required=False)

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", "All domains"), *((d.code, d.name) for d in domains)]
