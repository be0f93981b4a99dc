"""The competencies app's pages, part by part, under one namespace."""

from competencies.assessments import urls as assessments
from competencies.evidence import urls as evidence
from competencies.framework import urls as framework
from competencies.plans import urls as plans

app_name = "competencies"

urlpatterns = [*assessments.urlpatterns, *evidence.urlpatterns, *plans.urlpatterns, *framework.urlpatterns]
