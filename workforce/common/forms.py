from django import forms


class RequiredRadiosMixin:
    """A required choice shown as radios offers only real answers. Django puts a blank choice
    ("- Select an option -") first for a model field with choices; as a radio it would be an answer that
    is always refused. Leaving every radio unticked is how a person gives no answer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (
                field.required
                and isinstance(field.widget, forms.RadioSelect)
                and isinstance(field, forms.ChoiceField)
                and not isinstance(field, forms.ModelChoiceField)
            ):
                field.choices = [(value, label) for value, label in field.choices if value != ""]


class StaffFileForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # so the import explains an empty file in its own words
        label="Upload a spreadsheet of staff",
        help_text="A .csv (saved as CSV UTF-8) or .xlsx file, up to 2 MB, with the columns in the template.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
