import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# What Django's json_script escapes, so the data can never close its <script> element or start markup.
ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


@register.filter
def chart_data(value, element_id):
    """A chart's figure as a JSON <script> element, as Django's ``json_script`` makes it, escaped the same way.

    ``json_script`` escapes with ``str.translate`` and a dictionary, which goes through the text one character
    at a time in Python: a results page's charts spent 3 ms of each request there. ``str.replace`` does the
    same three replacements in C. Written without spaces after separators, which also makes it smaller."""
    text = json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"))
    for character, escaped in ESCAPES:
        text = text.replace(character, escaped)
    # Safe to mark: JSON with every <, > and & replaced by its \u escape, as json_script marks it.
    data = mark_safe(text)  # noqa: S308  # nosec B308 B703
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, data)
