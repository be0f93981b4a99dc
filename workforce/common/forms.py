from django import forms
from django.core.exceptions import ValidationError


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


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, or at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def service_saved(form, action) -> bool:
    """Run a service; if it refuses, put its reasons on the form so the page shows them. True when it saved."""
    try:
        action()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True
