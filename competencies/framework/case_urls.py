"""The CASE 1.1 REST paths, under /ims/case/v1p1/ (included from cms/urls.py)."""

from django.urls import path

from competencies.framework import provider

app_name = "case"

urlpatterns = [
    path("CFDocuments", provider.documents, name="documents"),
    path("CFDocuments/<str:identifier>", provider.document, name="document"),
    path("CFPackages/<str:identifier>", provider.package, name="package"),
    path("CFItems/<str:identifier>", provider.item, name="item"),
    path("CFItemAssociations/<str:identifier>", provider.item_associations, name="item-associations"),
    path("CFAssociations/<str:identifier>", provider.association, name="association"),
    path("CFItemTypes/<str:identifier>", provider.item_type, name="item-type"),
    path("CFRubrics/<str:identifier>", provider.rubric, name="rubric"),
    path("CFRubricCriteria/<str:identifier>", provider.rubric_criterion, name="rubric-criterion"),
    path("CFRubricCriterionLevels/<str:identifier>", provider.rubric_criterion_level, name="rubric-criterion-level"),
]
