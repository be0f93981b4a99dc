from django import forms

from competencies.evidence.models import HTTPS_ONLY


class EvidenceForm(forms.Form):
    title = forms.CharField(label="What is it?", max_length=120, help_text="For example: Safeguarding certificate")
    file = forms.FileField(
        label="Upload a file (optional)",
        required=False,
        help_text="PDF, Word (DOCX), OpenDocument (ODT), Excel (XLSX), PNG or JPG, up to 10 MB.",
    )
    link = forms.URLField(
        label="Or a web link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[HTTPS_ONLY],
        error_messages={"invalid": "Enter a web address that starts with https://."},
        help_text="A page that shows it, starting with https://",
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("file")) == bool(data.get("link")):
            raise forms.ValidationError("Upload a file or give a web link: one of the two, not both.")
        return data
