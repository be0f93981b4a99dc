from django import forms

from workforce.audit import selectors

SHOW_CHOICES = [("changes", "Changes to records"), ("reads", "Who opened records, and sign-ins")]


class TrailSearchForm(forms.Form):
    show = forms.ChoiceField(label="Show", choices=SHOW_CHOICES, required=False, widget=forms.RadioSelect)
    actor = forms.CharField(
        label="Who did it", required=False, max_length=100, help_text="Part of their name or email address."
    )
    subject = forms.CharField(
        label="Whose record",
        required=False,
        max_length=100,
        help_text="Part of the name of the person the record is about.",
    )
    kind = forms.ChoiceField(label="Kind of record", required=False)
    record = forms.IntegerField(label="Record number", required=False, min_value=1)
    date_from = forms.DateField(label="From", required=False, help_text="For example, 1/11/2026.")
    date_to = forms.DateField(label="To", required=False, help_text="For example, 30/11/2026.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *selectors.kinds()]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The 'To' date must be on or after the 'From' date.")
        return data

    def search(self) -> selectors.TrailSearch:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.TrailSearch(
            actor=(data.get("actor") or "").strip(),
            subject=(data.get("subject") or "").strip(),
            kind=data.get("kind") or "",
            record=str(data["record"]) if data.get("record") else "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    @property
    def shown(self) -> str:
        return (self.cleaned_data.get("show") if self.is_valid() else "") or "changes"
