import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Notices and evidence files of a test land in its own folder."""
    settings.MEDIA_ROOT = tmp_path
