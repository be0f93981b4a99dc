"""Forms for reviewing records: they parse what people type; the services decide what is allowed."""

from django import forms

from peernet.journeys.forms import DateInput

REASON_HELP = "This is kept with the decision. Do not write anyone's name."


class KeepForm(forms.Form):
    keep_until = forms.DateField(
        label="Keep it until", widget=DateInput(), help_text="We will ask you about it again on this day."
    )
    reason = forms.CharField(label="Why keep it for longer?", max_length=300, help_text=REASON_HELP)


class EraseForm(forms.Form):
    reason = forms.CharField(label="Why erase it?", max_length=300, help_text=REASON_HELP)
