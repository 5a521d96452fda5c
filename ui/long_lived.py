"""Tell Python's cyclic garbage collector that a big load is here to stay.

100,000 requests or cameras are a few hundred thousand tracked objects. Every full
collection walks all of them: on the project's 2-core machines that stalled the UI
thread for 100-250 ms in the middle of a burst of events (bench/queue_bench.py).
``gc.freeze()`` moves everything alive now into a permanent generation the collector
skips. The data is still freed by reference counting when replaced; only objects in
reference cycles created before the freeze would linger, and these tables have none.
"""

from __future__ import annotations

import gc


def settle_after_bulk_load() -> None:
    gc.collect()  # first drop the garbage of the load itself, so none of it is frozen
    gc.freeze()
