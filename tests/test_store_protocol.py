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


def test_a_store_written_before_the_json_texts_existed_still_plugs_in(tmp_path) -> None:
    """`save_results` gained an optional `texts` (each result's JSON, serialised once by the batch): a store
    plug-in with the older two-parameter method is still called, without it, and the output file is written."""
    from pipeline.outputs import OutputWriter
    from pipeline.saving import store_then_write
    from tests.test_store import invoice_result, make_invoice_pdf

    class OlderStore:
        def __init__(self) -> None:
            self.saved: list[str] = []

        def save_results(self, results, fingerprint):
            self.saved += [r.document.sha256 for r in results]
            return ["approved" for _ in results]

    pdf = make_invoice_pdf(tmp_path, "first.pdf")
    result = invoice_result(pdf)
    store, writer = OlderStore(), OutputWriter(tmp_path / "out")
    assert store_then_write([(pdf, result)], store, writer, "fp") == ["approved"]
    assert store.saved == [result.document.sha256]
    assert (tmp_path / "out" / "first.json").read_text() == result.to_json() + "\n"
