"""SDK for pygen_example:ExampleModel/1 (hand-written target of the pygen generator).

Importing the package loads only the clients; view modules load on first use (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from example_sdk._client import AsyncExampleClient, ExampleClient

if TYPE_CHECKING:  # "X as X": an explicit re-export, for type checkers
    from example_sdk.certification import AsyncCertificationAPI as AsyncCertificationAPI
    from example_sdk.certification import Certification as Certification
    from example_sdk.certification import CertificationAPI as CertificationAPI
    from example_sdk.certification import CertificationFields as CertificationFields
    from example_sdk.certification import CertificationProperties as CertificationProperties
    from example_sdk.certification import CertificationWrite as CertificationWrite
    from example_sdk.describable import AsyncDescribableAPI as AsyncDescribableAPI
    from example_sdk.describable import Describable as Describable
    from example_sdk.describable import DescribableAPI as DescribableAPI
    from example_sdk.describable import DescribableFields as DescribableFields
    from example_sdk.describable import DescribableProperties as DescribableProperties
    from example_sdk.describable import DescribableWrite as DescribableWrite
    from example_sdk.equipment import AsyncEquipmentAPI as AsyncEquipmentAPI
    from example_sdk.equipment import Equipment as Equipment
    from example_sdk.equipment import EquipmentAPI as EquipmentAPI
    from example_sdk.equipment import EquipmentFields as EquipmentFields
    from example_sdk.equipment import EquipmentProperties as EquipmentProperties
    from example_sdk.equipment import EquipmentWrite as EquipmentWrite
    from example_sdk.facility import AsyncFacilityAPI as AsyncFacilityAPI
    from example_sdk.facility import Facility as Facility
    from example_sdk.facility import FacilityAPI as FacilityAPI
    from example_sdk.facility import FacilityFields as FacilityFields
    from example_sdk.facility import FacilityProperties as FacilityProperties
    from example_sdk.facility import FacilityWrite as FacilityWrite
    from example_sdk.operator import CERTIFIED as CERTIFIED
    from example_sdk.operator import INSTALLED as INSTALLED
    from example_sdk.operator import SUPERVISED_BY as SUPERVISED_BY
    from example_sdk.operator import AsyncOperatorAPI as AsyncOperatorAPI
    from example_sdk.operator import Operator as Operator
    from example_sdk.operator import OperatorAPI as OperatorAPI
    from example_sdk.operator import OperatorFields as OperatorFields
    from example_sdk.operator import OperatorProperties as OperatorProperties
    from example_sdk.operator import OperatorWrite as OperatorWrite
    from example_sdk.pump import AsyncPumpAPI as AsyncPumpAPI
    from example_sdk.pump import Pump as Pump
    from example_sdk.pump import PumpAPI as PumpAPI
    from example_sdk.pump import PumpFields as PumpFields
    from example_sdk.pump import PumpProperties as PumpProperties
    from example_sdk.pump import PumpWrite as PumpWrite

# Public name -> the view module that defines it.
_LAZY = {
    "AsyncCertificationAPI": "certification",
    "Certification": "certification",
    "CertificationAPI": "certification",
    "CertificationFields": "certification",
    "CertificationProperties": "certification",
    "CertificationWrite": "certification",
    "AsyncDescribableAPI": "describable",
    "Describable": "describable",
    "DescribableAPI": "describable",
    "DescribableFields": "describable",
    "DescribableProperties": "describable",
    "DescribableWrite": "describable",
    "AsyncEquipmentAPI": "equipment",
    "Equipment": "equipment",
    "EquipmentAPI": "equipment",
    "EquipmentFields": "equipment",
    "EquipmentProperties": "equipment",
    "EquipmentWrite": "equipment",
    "AsyncFacilityAPI": "facility",
    "Facility": "facility",
    "FacilityAPI": "facility",
    "FacilityFields": "facility",
    "FacilityProperties": "facility",
    "FacilityWrite": "facility",
    "CERTIFIED": "operator",
    "INSTALLED": "operator",
    "SUPERVISED_BY": "operator",
    "AsyncOperatorAPI": "operator",
    "Operator": "operator",
    "OperatorAPI": "operator",
    "OperatorFields": "operator",
    "OperatorProperties": "operator",
    "OperatorWrite": "operator",
    "AsyncPumpAPI": "pump",
    "Pump": "pump",
    "PumpAPI": "pump",
    "PumpFields": "pump",
    "PumpProperties": "pump",
    "PumpWrite": "pump",
}

__all__ = ["AsyncExampleClient", "ExampleClient", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"example_sdk.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
