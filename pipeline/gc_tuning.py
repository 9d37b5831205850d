"""The garbage collector tuned for the length of a batch.

A document allocates thousands of small objects (Pydantic models, dicts of evidence, XML values), and with
CPython's default thresholds every 700 allocations start a collection that also walks what was loaded before
the batch: the imported modules, the compiled patterns, the scorer, the pipeline itself. On XML e-invoices,
where a document costs about 2 ms, that walking was a fifth of the time (`benchmarks/einvoice_run.py`).
`batch_gc` moves what exists when the batch starts out of the collector's sight (`gc.freeze`: it is long-lived
by construction) and collects the young generation less often; reference counting frees almost everything a
document makes as soon as it is done, so memory stays flat. Both are undone when the batch ends, so a long-lived
process (a Prefect worker, the review server) returns to the defaults between batches. A pool's workers are
forked inside the block and inherit the setting; their untouched frozen pages also stay shared with the parent.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

YOUNG_THRESHOLD = 10_000  # allocations between young-generation collections (CPython's default: 700)

_lock = threading.Lock()
_depth = 0


@contextlib.contextmanager
def batch_gc() -> Iterator[None]:
    """Within the block: what exists now is frozen, the young generation is collected less often. Nested or
    concurrent blocks share the outermost one's setting."""
    global _depth
    with _lock:
        _depth += 1
        outermost = _depth == 1
        if outermost:
            before = gc.get_threshold()
            gc.collect()
            gc.freeze()
            gc.set_threshold(max(before[0], YOUNG_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if outermost:
                gc.unfreeze()
                gc.set_threshold(*before)
