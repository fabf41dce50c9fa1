"""Form widgets of our own."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

# The browser's own pickers; the value in the ISO format they read and send.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LongSelect(forms.Select):
    """A <select> of many options (every organisation, every supervisor) rendered in one
    pass: the markup of Django's Select, without a template rendered for each option.
    2,000 organisations take about 5 ms instead of about 150 ms."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if key in selected else "", label)
                for key, label in ((str(v), str(label)) for v, label in self.choices)
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


class SuggestingInput(forms.TextInput):
    """A text box that suggests values as one types: a <datalist> that htmx fills from
    `suggest_url` (the box's value sent under its name). Without JavaScript it is a plain
    text box. For lists too long for a <select>, such as every host organisation."""

    def __init__(self, suggest_url, attrs=None):
        self.suggest_url = suggest_url
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-suggestions"
        attrs.update(
            {
                "list": list_id,
                "autocomplete": "off",
                "hx-get": str(self.suggest_url),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        box = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', box, list_id)
