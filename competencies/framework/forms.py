from django import forms

from competencies.framework.exchange import moodle


class CompareForm(forms.Form):
    """Two role profiles of one version, chosen by code."""

    first = forms.ChoiceField(label="From role profile")
    second = forms.ChoiceField(label="To role profile")
    changes_only = forms.BooleanField(required=False, label="Show only the competences that change")

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.code, f"{p.title} (level {p.level.number})") for p in profiles]
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            raise forms.ValidationError("Choose two different role profiles to compare.")
        return data


class CompetenceSearchForm(forms.Form):
    q = forms.CharField(
        label="Search competences",
        required=False,
        max_length=100,
        help_text="A word, a code such as LD-RSK-03, or a National Occupational Standard.",
    )
    domain = forms.ChoiceField(label="Domain", required=False)

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", "All domains"), *((d.code, d.name) for d in domains)]


class ImportForm(forms.Form):
    file = forms.FileField(label="Framework file", help_text="Up to 60 MB, saved as UTF-8 if it is a text file.")
    format = forms.ChoiceField(label="What kind of file is it?", widget=forms.RadioSelect)
    into = forms.ModelChoiceField(
        label="Where should it go?",
        required=False,
        queryset=None,
        empty_label="A new draft version of the framework the file names",
        help_text="Importing into a draft adds new competences and updates those whose code matches.",
    )

    def __init__(self, *args, formats, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.formats = {f.slug: f for f in formats}
        self.fields["format"].choices = [(f.slug, f.label) for f in formats]
        self.fields["into"].queryset = drafts

    def clean(self):
        cleaned = super().clean()
        chosen = self.formats.get(cleaned.get("format"))
        if chosen is not None and not chosen.whole and cleaned.get("into") is None and "into" not in self.errors:
            # Said before the file is read: otherwise every role profile and scale value in it is "unknown".
            self.add_error(
                "into",
                f"A {chosen.extension.upper()} file holds competences only, so choose "
                "the draft version it goes into. To make a draft, go to Career framework, then "
                "Versions, in the admin and choose 'Make a new draft from this version'.",
            )
        return cleaned


LEAVE_OUT = "none"


class MoodleColumnsForm(forms.Form):
    """What each column of a Moodle file holds, chosen by the person where the file does not say clearly:
    one select per column of the file, labelled with its heading and a value from its first rows."""

    def __init__(self, *args, columns, suggested, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns, self.header = columns, [c.header for c in columns]
        choices = [
            ("", "Choose what this column holds"),
            *((str(i), name + (" (needed)" if i in moodle.REQUIRED else "")) for i, name in enumerate(moodle.HEADERS)),
            (LEAVE_OUT, "Leave this column out"),
        ]
        for column, field in zip(columns, suggested, strict=True):
            heading = f"headed ‘{column.header}’" if column.header else "with no heading"
            sample = f"First value: {column.sample}" if column.sample else "Empty in the first rows"
            self.fields[self.name(column)] = forms.ChoiceField(
                label=f"Column {column.letter}, {heading}",
                help_text=sample,
                choices=choices,
                initial="" if field is None else str(field),
                error_messages={
                    "required": f"Choose what column {column.letter} holds, or choose Leave this column out",
                    "invalid_choice": f"Choose what column {column.letter} holds from the list",
                },
            )

    @staticmethod
    def name(column) -> str:
        return f"column_{column.index}"

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        mapping = [None if cleaned[self.name(c)] == LEAVE_OUT else int(cleaned[self.name(c)]) for c in self.columns]
        for index, message in moodle.mapping_problems(mapping, self.header):
            if index is None:
                self.add_error(None, message)
            else:
                self.add_error(self.name(self.columns[index]), message)
        cleaned["mapping"] = mapping
        return cleaned
