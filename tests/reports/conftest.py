from __future__ import annotations

from collections.abc import Iterator

import pytest

from moodlens.config import Settings
from moodlens.core.storage import LocalStorage
from moodlens.privacy import tasks


@pytest.fixture
def storage(settings: Settings) -> Iterator[LocalStorage]:
    """The same folder the app fixture's storage uses (settings.resolved_storage_dir)."""
    store = LocalStorage(settings.resolved_storage_dir)
    tasks.use_job_storage(store)
    yield store
    tasks.use_job_storage(None)
