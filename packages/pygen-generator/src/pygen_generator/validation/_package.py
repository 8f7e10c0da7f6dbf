"""The SDK's package and client names: checked when given, derived safely when not.

These names reach file paths (``<package>/...``) and generated code (``from <package> import ...``,
``class <Client>``), so they are the one place where user text could escape the output folder or inject
code. Given names that are not valid are errors (nothing is generated); names derived from the model
are made valid with a warning.
"""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass

from pygen_generator.errors import InputError
from pygen_generator.loaders import LoadedModel
from pygen_generator.validation._issues import Issue
from pygen_generator.validation._names import pascal, snake
from pygen_generator.validation._options import GenerateOptions

__all__ = ["PackageNames", "check_client_name", "check_npm_package", "check_python_package", "package_names"]

# npm's rules (validate-npm-package-name): lowercase, URL-safe, optionally @scope/, at most 214 characters.
_NPM_NAME = re.compile(r"(?:@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*")
_NPM_MAX_LENGTH = 214
# Modules a package must not shadow when it is imported: the standard library's top-level names.
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()))


@dataclass(frozen=True)
class PackageNames:
    package: str  # the Python import name
    client: str  # the client class (the async one is Async<client>)
    npm_package: str  # the TypeScript package's npm name


def _show(text: str) -> str:
    """The text for a one-line error: repr escapes newlines and control characters; long text is cut."""
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def check_python_package(name: str) -> str:
    if not name.isascii() or not name.isidentifier() or keyword.iskeyword(name):
        hint = (
            "a dotted (namespace) name is not supported: pass its last part and write it into the parent folder"
            if all(part.isidentifier() for part in name.split("."))
            else "use a Python identifier such as my_sdk (letters, digits and _, not starting with a digit)"
        )
        raise InputError(f"--package {_show(name)} is not an importable Python package name", hint)
    return name


def check_client_name(name: str) -> str:
    if not name.isascii() or not name.isidentifier() or keyword.iskeyword(name):
        raise InputError(
            f"--client-name {_show(name)} is not a valid class name",
            "use an identifier such as MyClient (letters, digits and _, not starting with a digit)",
        )
    return name


def check_npm_package(name: str) -> str:
    if len(name) > _NPM_MAX_LENGTH or not _NPM_NAME.fullmatch(name):
        raise InputError(
            f"--npm-package {_show(name)} is not a valid npm package name",
            "use lowercase letters, digits, - . _ ~, optionally scoped: my-sdk or @my-org/my-sdk",
        )
    return name


def _default_package(model: LoadedModel, issues: list[Issue]) -> str:
    """snake_case of the first model's externalId, made importable (``class`` → ``class_``)."""
    model_id = model.data_model
    derived = snake(model_id.external_id)
    safe = f"sdk_{derived}" if derived[:1].isdigit() else derived
    if keyword.iskeyword(safe) or safe in _STDLIB:
        safe += "_"
    if not safe.isascii() or not safe.isidentifier():  # pragma: no cover - snake() gives ASCII words
        safe = "sdk"
    if safe != derived:
        issues.append(
            Issue(
                "package-name",
                f"{model_id.space}:{model_id.external_id}/{model_id.version}",
                f"the package name {derived!r} derived from the model's externalId cannot be imported safely",
                f"package {safe} (pass --package to choose)",
            )
        )
    return safe


def package_names(models: list[LoadedModel], options: GenerateOptions, issues: list[Issue]) -> PackageNames:
    """The checked package, client and npm names for the SDK of ``models``."""
    first = models[0].data_model
    if options.package is not None:
        package = check_python_package(options.package)
    else:
        package = _default_package(models[0], issues)
    derived_client = f"{pascal(first.external_id)}Client"
    if derived_client[:1].isdigit() or not derived_client.isascii():
        derived_client = f"Sdk{derived_client}" if derived_client.isascii() else "SdkClient"
    client = check_client_name(options.client_name or derived_client)
    npm = check_npm_package(options.npm_package or package.strip("_").replace("_", "-") or "sdk")
    return PackageNames(package, client, npm)
