from django import forms


class CodeForm(forms.Form):
    """One code: 6 digits from the authenticator app. Checked by the services, which know the device."""

    code = forms.CharField(
        label="Security code",
        help_text="Open the authenticator app on your phone. Enter the 6-digit code it shows for L&D Pathways.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "nhsuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )


class BackupCodeForm(forms.Form):
    code = forms.CharField(
        label="Backup code",
        help_text="Each backup code is 8 letters and numbers. It works once.",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "none",
                "class": "nhsuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter one of your backup codes."},
    )
