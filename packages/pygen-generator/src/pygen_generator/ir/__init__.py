"""The IR: what the SDK will be, decided for every target language; backends only print it.

``build_ir(validated_model)`` makes it; ``SdkIR.to_json()`` serialises it (``pygen inspect --json``).
Every record and field is described in ``README.md`` beside this file.
"""

from __future__ import annotations

from pygen_generator.ir._build import RUNTIME_API_VERSION, RUNTIME_REQUIREMENT, build_ir, model_hash
from pygen_generator.ir._model import (
    ContainerPropertyRef,
    DataModelIR,
    EdgeIR,
    EdgeTypeIR,
    EnumIR,
    EnumValueIR,
    IssueIR,
    NodeTypeIR,
    PinnedValueIR,
    PropertyIR,
    PythonClassesIR,
    PythonFieldIR,
    PythonPackageIR,
    PythonViewIR,
    ReverseIR,
    SdkIR,
    TypeScriptPackageIR,
    TypeScriptPropertyIR,
    TypeScriptViewIR,
    ViewFilterIR,
    ViewIR,
    ViewRef,
)
from pygen_generator.ir._text import plain_text

__all__ = [
    "RUNTIME_API_VERSION",
    "RUNTIME_REQUIREMENT",
    "ContainerPropertyRef",
    "DataModelIR",
    "EdgeIR",
    "EdgeTypeIR",
    "EnumIR",
    "EnumValueIR",
    "IssueIR",
    "NodeTypeIR",
    "PinnedValueIR",
    "PropertyIR",
    "PythonClassesIR",
    "PythonFieldIR",
    "PythonPackageIR",
    "PythonViewIR",
    "ReverseIR",
    "SdkIR",
    "TypeScriptPackageIR",
    "TypeScriptPropertyIR",
    "TypeScriptViewIR",
    "ViewFilterIR",
    "ViewIR",
    "ViewRef",
    "build_ir",
    "model_hash",
    "plain_text",
]
