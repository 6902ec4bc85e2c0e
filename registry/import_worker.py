"""The resident import's second process (``registry.importer._prepared_in_worker``): reads and checks the file
while the importer writes the previous batch. Kept apart from ``registry.importer`` so the spawned interpreter can
import this module before Django is set up (the importer imports models)."""

from __future__ import annotations

import pickle


def prepare(path: str, batch_size: int, language: str | None, queue) -> None:
    """Put ("batch", PreparedBatch) for each batch of the file, then ("done", None); or ("error", exception)."""
    import django

    django.setup()
    from django.utils import translation

    from registry.importer import _prepared_batches, gc_settled

    try:
        with translation.override(language), gc_settled() as settle:
            for batch in _prepared_batches(path, batch_size):
                queue.put(("batch", batch))
                del batch
                settle()
    except Exception as exc:  # every failure goes back to the importer, which raises it there
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        queue.put(("error", exc))
        return
    queue.put(("done", None))
