from django import forms

from cms.library.resource import ResourceType
from competencies.models import RoleProfile
from workforce.models import Region


class ResourceFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    resource_type = forms.ChoiceField(label="Type", required=False, choices=[("", "Any type"), *ResourceType.choices])
    role_profile = forms.ModelChoiceField(
        label="Role profile", required=False, queryset=RoleProfile.objects.none(), empty_label="Any role"
    )
    region = forms.ModelChoiceField(
        label="Region", required=False, queryset=Region.objects.none(), empty_label="Any region"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_profile"].queryset = RoleProfile.objects.filter(version__status="published").order_by(
            "level__number", "title"
        )
        self.fields["role_profile"].label_from_instance = lambda profile: profile.title
        self.fields["region"].queryset = Region.objects.active()


class AdoptForm(forms.Form):
    network = forms.ModelChoiceField(
        queryset=None,
        label="Keep the copy in",
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="Your copy is shared with this network's members. You can change it after.",
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
