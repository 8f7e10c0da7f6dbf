"""How the emulator is put together: the seams other code relies on."""

from __future__ import annotations

import ast
from pathlib import Path

import orjson

from pygen_emulator import Settings
from pygen_emulator.app import Emulator

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "pygen_emulator"


def _imports(folder: str) -> set[str]:
    names: set[str] = set()
    for path in (PACKAGE / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return names


def test_schema_and_instances_do_not_import_each_other() -> None:
    assert not [name for name in _imports("schema") if name.startswith("pygen_emulator.instances")]
    assert not [name for name in _imports("instances") if name.startswith("pygen_emulator.schema")]


def test_the_schema_cache_follows_commits_without_being_told() -> None:
    ctx = Emulator(Settings()).ctx
    with ctx.db.transaction() as conn:
        conn.execute("INSERT INTO dms_space VALUES ('sp', ?, 1, 1)", (orjson.dumps({"space": "sp"}),))
        body = {"space": "sp", "externalId": "C", "usedFor": "node", "properties": {}}
        conn.execute("INSERT INTO dms_container VALUES ('sp', 'C', ?, 1, 1)", (orjson.dumps(body),))
    assert ctx.schema.get_container("sp", "C")["usedFor"] == "node"  # type: ignore[index]
    with ctx.db.transaction() as conn:  # a write that calls no invalidate()
        conn.execute(
            "UPDATE dms_container SET body = ? WHERE space = 'sp'",
            (orjson.dumps({**body, "usedFor": "edge"}),),
        )
    assert ctx.schema.get_container("sp", "C")["usedFor"] == "edge"  # type: ignore[index]


def test_a_rolled_back_transaction_leaves_no_cached_reads() -> None:
    ctx = Emulator(Settings()).ctx
    try:
        with ctx.db.transaction() as conn:
            conn.execute("INSERT INTO dms_space VALUES ('sp', ?, 1, 1)", (orjson.dumps({"space": "sp"}),))
            body = {"space": "sp", "externalId": "C", "usedFor": "node", "properties": {}}
            conn.execute("INSERT INTO dms_container VALUES ('sp', 'C', ?, 1, 1)", (orjson.dumps(body),))
            assert ctx.schema.get_container("sp", "C") is not None  # read inside the transaction
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    assert ctx.schema.get_container("sp", "C") is None


def test_the_compiler_and_view_validation_know_the_same_filters() -> None:
    from pygen_emulator._filter_language import LEAF_FILTERS
    from pygen_emulator.instances._filters import _LEAF_COMPILERS

    assert tuple(_LEAF_COMPILERS) == LEAF_FILTERS
