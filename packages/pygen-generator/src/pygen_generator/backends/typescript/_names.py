"""TypeScript naming decisions the IR does not make yet (candidates to move into the IR's validation).

* A client property may not take the name of an `InstanceClient` member (a view called `Edges` would
  turn the inherited `edges()` method into a getter and fail to compile) or of a member every object has.
"""

from __future__ import annotations

from collections.abc import Iterable

# Members of @pygen/runtime's InstanceClient (`_instance-client.ts`) and of every JavaScript object.
CLIENT_MEMBERS = frozenset(
    {
        "client",
        "upsert",
        "delete",
        "edges",
        "view",
        "constructor",
        "toString",
        "valueOf",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "__proto__",
    }
)


def client_getters(wanted: Iterable[str]) -> list[str]:
    """The IR's client property names, each made safe (`edges` → `edgesView`) and unique, in order."""
    taken: set[str] = set()
    out: list[str] = []
    for name in wanted:
        candidate = f"{name}View" if name in CLIENT_MEMBERS or name.startswith("#") else name
        base, n = candidate, 2
        while candidate in taken or candidate in CLIENT_MEMBERS:
            candidate, n = f"{base}{n}", n + 1
        taken.add(candidate)
        out.append(candidate)
    return out
