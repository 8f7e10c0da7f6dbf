"""SDK for pygen_example:ExampleModel/1 (hand-written target of the pygen generator).

Importing the package loads only the clients; view modules load on first use (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from example_sdk._client import AsyncExampleClient, ExampleClient

if TYPE_CHECKING:
    from example_sdk.certification import (
        AsyncCertificationAPI,
        Certification,
        CertificationAPI,
        CertificationFields,
        CertificationList,
        CertificationWrite,
    )
    from example_sdk.describable import (
        AsyncDescribableAPI,
        Describable,
        DescribableAPI,
        DescribableFields,
        DescribableList,
        DescribableWrite,
    )
    from example_sdk.equipment import (
        AsyncEquipmentAPI,
        Equipment,
        EquipmentAPI,
        EquipmentFields,
        EquipmentList,
        EquipmentWrite,
    )
    from example_sdk.facility import (
        AsyncFacilityAPI,
        Facility,
        FacilityAPI,
        FacilityFields,
        FacilityList,
        FacilityWrite,
    )
    from example_sdk.operator import (
        CERTIFIED,
        INSTALLED,
        SUPERVISED_BY,
        AsyncOperatorAPI,
        Operator,
        OperatorAPI,
        OperatorFields,
        OperatorList,
        OperatorWrite,
    )
    from example_sdk.pump import (
        AsyncPumpAPI,
        Pump,
        PumpAPI,
        PumpFields,
        PumpList,
        PumpWrite,
    )

_LAZY = {
    "AsyncCertificationAPI": "certification",
    "AsyncDescribableAPI": "describable",
    "AsyncEquipmentAPI": "equipment",
    "AsyncFacilityAPI": "facility",
    "AsyncOperatorAPI": "operator",
    "AsyncPumpAPI": "pump",
    "CERTIFIED": "operator",
    "Certification": "certification",
    "CertificationAPI": "certification",
    "CertificationFields": "certification",
    "CertificationList": "certification",
    "CertificationWrite": "certification",
    "Describable": "describable",
    "DescribableAPI": "describable",
    "DescribableFields": "describable",
    "DescribableList": "describable",
    "DescribableWrite": "describable",
    "Equipment": "equipment",
    "EquipmentAPI": "equipment",
    "EquipmentFields": "equipment",
    "EquipmentList": "equipment",
    "EquipmentWrite": "equipment",
    "Facility": "facility",
    "FacilityAPI": "facility",
    "FacilityFields": "facility",
    "FacilityList": "facility",
    "FacilityWrite": "facility",
    "INSTALLED": "operator",
    "Operator": "operator",
    "OperatorAPI": "operator",
    "OperatorFields": "operator",
    "OperatorList": "operator",
    "OperatorWrite": "operator",
    "Pump": "pump",
    "PumpAPI": "pump",
    "PumpFields": "pump",
    "PumpList": "pump",
    "PumpWrite": "pump",
    "SUPERVISED_BY": "operator",
}

__all__ = [
    "CERTIFIED",
    "INSTALLED",
    "SUPERVISED_BY",
    "AsyncCertificationAPI",
    "AsyncDescribableAPI",
    "AsyncEquipmentAPI",
    "AsyncExampleClient",
    "AsyncFacilityAPI",
    "AsyncOperatorAPI",
    "AsyncPumpAPI",
    "Certification",
    "CertificationAPI",
    "CertificationFields",
    "CertificationList",
    "CertificationWrite",
    "Describable",
    "DescribableAPI",
    "DescribableFields",
    "DescribableList",
    "DescribableWrite",
    "Equipment",
    "EquipmentAPI",
    "EquipmentFields",
    "EquipmentList",
    "EquipmentWrite",
    "ExampleClient",
    "Facility",
    "FacilityAPI",
    "FacilityFields",
    "FacilityList",
    "FacilityWrite",
    "Operator",
    "OperatorAPI",
    "OperatorFields",
    "OperatorList",
    "OperatorWrite",
    "Pump",
    "PumpAPI",
    "PumpFields",
    "PumpList",
    "PumpWrite",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"example_sdk.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
