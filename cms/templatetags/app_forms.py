from django import template
from wagtailnhsukfrontend.forms.templatetags.nhsukfrontendforms_tags import (
    get_widget_html_class,
    get_widget_html_error_class,
)

register = template.Library()


@register.filter
def nhsuk_widget(field):
    """Render a field's input with NHS.UK classes, tied to its hint and error message for screen readers."""
    widget = field.field.widget
    classes = [get_widget_html_class(widget)]
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        classes.append(get_widget_html_error_class(widget))
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(c for c in classes if c)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
