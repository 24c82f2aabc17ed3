from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ANNEX_A_SAMPLE = DATA / "annex-a" / "Annex_A_sample.xlsx"


@pytest.fixture
def annex_a_sample() -> Path:
    """The messy sample Annex A workbook (synthetic data, MIT licence beside it)."""
    return ANNEX_A_SAMPLE


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path) -> Path:
    """Uploads go to a folder of the test's own, never the developer's var/uploads."""
    folder = tmp_path / "private-uploads"
    settings.QAF_PRIVATE_UPLOAD_DIR = folder
    return folder


@pytest.fixture
def drop_folder(settings, tmp_path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    settings.CASEWORK_IMPORT_DROP_FOLDER = folder
    return folder
