"""The dashboard's filters: which period and which area. Both are read from the query string, so a page
and its downloads share one address."""

import datetime

from django import forms
from django.http import Http404
from django.utils import timezone

from cms.figures.areas import Area
from cms.figures.periods import Period
from workforce.common.dates import add_months

# Figures start with the national roll-out of peer roles; nothing before is held.
FIRST_DAY = datetime.date(2018, 4, 1)
LONGEST_YEARS = 5


def financial_year(start_year: int) -> Period:
    return Period(datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31))


def period_choices(today: datetime.date) -> list[tuple[str, str]]:
    latest = today.year if today.month >= 4 else today.year - 1
    years = [(f"fy{year}", f"April {year} to March {year + 1}") for year in range(latest, latest - 4, -1)]
    return [
        ("3", "The last 3 months"),
        ("12", "The last 12 months"),
        *years,
        ("custom", "Dates I choose"),
    ]


class FiguresForm(forms.Form):
    # A text field drawn as a list, so that an area not in the list reaches ``clean_area`` (and a 404)
    # instead of being turned back as a mistake in the form.
    area = forms.CharField(label="Area", required=False, widget=forms.Select)
    period = forms.ChoiceField(label="Period", required=False)
    start = forms.DateField(
        label="From (if you choose dates)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label="To (if you choose dates)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data=None, *, areas: list[Area], today: datetime.date | None = None):
        super().__init__(data)
        self.today = today or timezone.localdate()
        self.areas = {area.value: area for area in areas}
        self.fields["area"].widget.choices = [(area.value, area.name) for area in areas]
        self.fields["period"].choices = period_choices(self.today)

    def clean_area(self):
        """An area the user may not see is answered as if it did not exist."""
        value = self.cleaned_data["area"] or next(iter(self.areas), "")
        if value not in self.areas:
            raise Http404
        return self.areas[value]

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("period") or "12"
        cleaned["period"] = choice
        if choice == "custom":
            start, end = cleaned.get("start"), cleaned.get("end")
            if start is None:
                self.add_error("start", "Enter the first day of the period.")
            if end is None:
                self.add_error("end", "Enter the last day of the period.")
            if start is None or end is None:
                return cleaned
            for name, day in (("start", start), ("end", end)):
                if not FIRST_DAY <= day <= self.today:
                    self.add_error(
                        name,
                        f"Choose a date from {FIRST_DAY.day} {FIRST_DAY:%B %Y} to today, {self.today.day} "
                        f"{self.today:%B %Y}.",
                    )
            if start > end:
                self.add_error("end", "The last day must be on or after the first day.")
            elif add_months(start, 12 * LONGEST_YEARS) <= end:
                self.add_error("end", f"Choose a period of {LONGEST_YEARS} years or less.")
        return cleaned

    def chosen(self) -> tuple[Area, Period]:
        """The area and period to show. Call after ``is_valid``; an invalid period falls back to the last
        12 months, so the page still shows figures beside the error."""
        cleaned = getattr(self, "cleaned_data", {})
        area = cleaned.get("area") or next(iter(self.areas.values()))
        choice = cleaned.get("period", "12") if self.is_bound and not self.errors else "12"
        return area, self.period_for(choice)

    def period_for(self, choice: str) -> Period:
        if choice in ("3", "12"):
            start = add_months(self.today, -int(choice)) + datetime.timedelta(days=1)
            return Period(start, self.today)
        if choice.startswith("fy"):
            year = financial_year(int(choice[2:]))
            return Period(year.start, min(year.end, self.today))
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
