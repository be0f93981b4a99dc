from django import forms
from django.core.exceptions import ValidationError

from cms.library.documents import validate_document_upload
from cms.library.resource import ResourceType, Visibility
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked as Wagtail documents are (kind by content, size)."""

    MAX_FILES = 10

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [file for file in (data if isinstance(data, list | tuple) else [data]) if file]
        if len(files) > self.MAX_FILES:
            raise ValidationError(f"Attach up to {self.MAX_FILES} files at a time.")
        cleaned = []
        for file in files:
            file = super().clean(file, initial)
            try:
                validate_document_upload(file)
            except ValidationError as error:
                raise ValidationError(f"{file.name}: {' '.join(error.messages)}") from error
            cleaned.append(file)
        return cleaned


class _ResourceFields(forms.Form):
    """What a member writes about a resource, new or changed."""

    title = forms.CharField(label="Title", max_length=255)
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="What it is and how it helped your team, in two or three sentences.",
    )
    body_text = forms.CharField(
        label="More about it (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text="For example how you use it, or what you would change. Leave a blank line between paragraphs.",
    )
    role_profile = forms.ModelChoiceField(
        label="Role profile it is for (optional)",
        required=False,
        queryset=RoleProfile.objects.none(),
        empty_label="Not for one role",
    )
    visibility = forms.ChoiceField(
        label="Who can see it once it is approved", choices=Visibility.choices, widget=forms.RadioSelect
    )
    files = MultipleFileField(
        label="Files (optional)",
        required=False,
        help_text="PDF, Word (DOCX), Excel (XLSX), OpenDocument text, or for a podcast MP3, M4A, OGG or WAV. "
        "Up to 25 MB each.",
    )
    transcript = forms.CharField(
        label="Transcript (podcasts only)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=200_000,
        help_text="Needed for a podcast: every word said, with who says it. Leave a blank line between speakers.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_profile"].queryset = RoleProfile.objects.filter(version__status="published").order_by(
            "level__number", "title"
        )
        self.fields["role_profile"].label_from_instance = lambda profile: profile.title


class ShareForm(_ResourceFields):
    network = forms.ModelChoiceField(
        label="Network to share it in", queryset=None, empty_label=None, widget=forms.RadioSelect
    )
    resource_type = forms.ChoiceField(label="What kind of resource is it?", choices=ResourceType.choices)

    field_order = ["network", "resource_type", "title", "summary"]

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks


class ChangeForm(_ResourceFields):
    remove = forms.MultipleChoiceField(
        label="Remove files", required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, attachments=(), body_editable=True, podcast=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not podcast:
            del self.fields["transcript"]
        if not body_editable:
            del self.fields["body_text"]
        self.fields["remove"].choices = [(str(a.document_id), a.document.title) for a in attachments]
        if not attachments:
            del self.fields["remove"]
