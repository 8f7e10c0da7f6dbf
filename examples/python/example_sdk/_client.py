"""ExampleClient and AsyncExampleClient: one lazily created API per view."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from pygen_runtime import AsyncInstanceClient, InstanceClient, check_runtime_version

if TYPE_CHECKING:
    from example_sdk.certification import AsyncCertificationAPI, CertificationAPI
    from example_sdk.describable import AsyncDescribableAPI, DescribableAPI
    from example_sdk.equipment import AsyncEquipmentAPI, EquipmentAPI
    from example_sdk.facility import AsyncFacilityAPI, FacilityAPI
    from example_sdk.operator import AsyncOperatorAPI, OperatorAPI
    from example_sdk.pump import AsyncPumpAPI, PumpAPI

check_runtime_version("1.0", "example_sdk (pygen_example:ExampleModel/1)")


class ExampleClient(InstanceClient):
    """Sync client for pygen_example:ExampleModel/1. View APIs are created (and imported) on first use."""

    @cached_property
    def certification(self) -> CertificationAPI:
        from example_sdk.certification import CertificationAPI

        return CertificationAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def describable(self) -> DescribableAPI:
        from example_sdk.describable import DescribableAPI

        return DescribableAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def equipment(self) -> EquipmentAPI:
        from example_sdk.equipment import EquipmentAPI

        return EquipmentAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def facility(self) -> FacilityAPI:
        from example_sdk.facility import FacilityAPI

        return FacilityAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def operator(self) -> OperatorAPI:
        from example_sdk.operator import OperatorAPI

        return OperatorAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def pump(self) -> PumpAPI:
        from example_sdk.pump import PumpAPI

        return PumpAPI(self._client, max_workers=self._max_workers)


class AsyncExampleClient(AsyncInstanceClient):
    """Async client for pygen_example:ExampleModel/1. View APIs are created (and imported) on first use."""

    @cached_property
    def certification(self) -> AsyncCertificationAPI:
        from example_sdk.certification import AsyncCertificationAPI

        return AsyncCertificationAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def describable(self) -> AsyncDescribableAPI:
        from example_sdk.describable import AsyncDescribableAPI

        return AsyncDescribableAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def equipment(self) -> AsyncEquipmentAPI:
        from example_sdk.equipment import AsyncEquipmentAPI

        return AsyncEquipmentAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def facility(self) -> AsyncFacilityAPI:
        from example_sdk.facility import AsyncFacilityAPI

        return AsyncFacilityAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def operator(self) -> AsyncOperatorAPI:
        from example_sdk.operator import AsyncOperatorAPI

        return AsyncOperatorAPI(self._client, max_workers=self._max_workers)

    @cached_property
    def pump(self) -> AsyncPumpAPI:
        from example_sdk.pump import AsyncPumpAPI

        return AsyncPumpAPI(self._client, max_workers=self._max_workers)
