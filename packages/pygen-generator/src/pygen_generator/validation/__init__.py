"""Validation with graceful degradation: what can be generated, under which names, with warnings.

Every degradation is an ``Issue`` (location, message, action); ``strict`` turns them into an error.
Errors that leave nothing sensible to generate (unknown property types, cyclic ``implements``) raise
``InputError`` straight away.
"""

from __future__ import annotations

from collections.abc import Sequence

from pygen_generator.errors import ModelValidationError
from pygen_generator.loaders import LoadedModel
from pygen_generator.validation._graph import show
from pygen_generator.validation._issues import Issue, Severity
from pygen_generator.validation._options import GenerateOptions
from pygen_generator.validation._package import PackageNames, package_names
from pygen_generator.validation._plan import InstanceKind, PropertyPlan, ValidatedModel, ViewPlan
from pygen_generator.validation._properties import READ_ONLY_CONTAINER_PROPERTIES, plan_properties
from pygen_generator.validation._views import collect_views, plan_views

__all__ = [
    "READ_ONLY_CONTAINER_PROPERTIES",
    "GenerateOptions",
    "InstanceKind",
    "Issue",
    "PackageNames",
    "PropertyPlan",
    "Severity",
    "ValidatedModel",
    "ViewPlan",
    "validate",
]


def validate(models: Sequence[LoadedModel], options: GenerateOptions | None = None) -> ValidatedModel:
    """Validate and plan; with ``options.strict`` any warning raises ``ModelValidationError``."""
    options = options or GenerateOptions()
    issues: list[Issue] = []
    names = package_names(list(models), options, issues)
    views, known = collect_views(models, options)
    plans = plan_views(views, known, issues)
    plan_properties(plans, known, issues)
    in_sdk = {plan.view_id for plan in plans}
    reference_views = {
        view_id: known[view_id] for view_id in sorted(known, key=show) if view_id not in in_sdk
    }
    if options.strict and issues:
        raise ModelValidationError(
            f"{len(issues)} warning(s) under --strict; the first: {issues[0]}",
            "run `pygen validate` to list them all, or drop --strict",
        )
    return ValidatedModel(list(models), plans, reference_views, issues, options, names)
