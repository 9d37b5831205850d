"""The store protocol (pipeline/store/base.py) is what the batch and the flows call on a store: the SQL store
implements every method of it with the same parameters, so a second store written against the protocol plugs in
where SqlStore does."""

from __future__ import annotations

import inspect

from pipeline.store.base import Store
from pipeline.store.sql import SqlStore


def _methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in vars(cls).items()
        if callable(member) and not name.startswith("_")
    }


def test_sql_store_implements_the_protocol() -> None:
    wanted = _methods(Store)
    assert {"processed", "save_result", "save_results", "save_failure"} <= set(wanted)
    for name, signature in wanted.items():
        impl = getattr(SqlStore, name, None)
        assert callable(impl), f"SqlStore lacks {name}"
        assert list(inspect.signature(impl).parameters) == list(signature.parameters), name
