from django.core import checks

from .scope import ORG_UNIT, ScopedModel, scoped_models


@checks.register(checks.Tags.models)
def check_scoped_models(app_configs=None, **kwargs):
    """accounts.E001…: every scoped model names a real source and keeps the index its scope query needs."""
    return [problem for model in scoped_models() for problem in scoped_model_problems(model)]


def scoped_model_problems(model) -> list[checks.Error]:
    where = f"scoped model {model._meta.label}"
    problems = []
    try:
        source = model._meta.get_field(model.scope_source)
    except Exception:
        return [checks.Error(f"{where}: scope_source {model.scope_source!r} is no field", id="accounts.E001")]
    target = getattr(source, "related_model", None)
    if not source.many_to_one or not (target._meta.label == ORG_UNIT or issubclass(target, ScopedModel)):
        problems.append(
            checks.Error(
                f"{where}: scope_source {model.scope_source!r} must be a foreign key to org.OrgUnit "
                "or to another scoped model",
                id="accounts.E002",
            )
        )
    if not any(index.fields and index.fields[0] == "scope_path" for index in model._meta.indexes):
        problems.append(
            checks.Error(
                f"{where}: no index starts with scope_path (subclass ScopedModel.Meta or add one)",
                id="accounts.E003",
            )
        )
    return problems
