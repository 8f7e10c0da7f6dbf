"""Mock data for any loaded model: valid, deterministic instances of every writable view.

::

    from pygen_generator import generate_ir
    from pygen_generator.mock import generate_mock_data, to_sdk_writes, write_mock_data

    ir = generate_ir("model.json")
    data = generate_mock_data(ir, count=10, seed=42)  # 10 nodes per writable node view, then edges
    write_mock_data(pygen_client, data)  # the plain DMS write JSON, or through a generated SDK:
    client.upsert(to_sdk_writes(data, my_sdk, ir))

Every writable property gets a valid value of its type (enum values, list sizes, direct relations to
mocked nodes); optional properties are sometimes left out (a read gives the default) or null; edge
connections get edges between mocked nodes, with the properties of their edge view. ``MockInstance.expected``
says what a read gives back; ``MockReads`` which nodes a view shows and what each connection reaches.
Nodes of a view whose filter pins a node type or property values (``ViewIR.filter``) are written with them. The command line: ``pygen mock --input MODEL --count N [--seed S]``.
"""

from pygen_generator.mock._compare import differences
from pygen_generator.mock._expect import MockReads, NodeId, sdk_connections
from pygen_generator.mock._generate import DEFAULT_SPACE, MockData, MockInstance, generate_mock_data
from pygen_generator.mock._values import WORDS, mock_value
from pygen_generator.mock._write import delete_mock_data, to_sdk_writes, write_mock_data

__all__ = [
    "DEFAULT_SPACE",
    "WORDS",
    "MockData",
    "MockInstance",
    "MockReads",
    "NodeId",
    "delete_mock_data",
    "differences",
    "generate_mock_data",
    "mock_value",
    "sdk_connections",
    "to_sdk_writes",
    "write_mock_data",
]
