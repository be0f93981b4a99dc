"""Forms for the people part: the staff import's upload."""

from django import forms


class StaffFileForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # so the import explains an empty file in its own words
        label="Upload a spreadsheet of staff",
        help_text="A .csv (saved as CSV UTF-8) or .xlsx file, up to 2 MB, with the columns in the template.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
