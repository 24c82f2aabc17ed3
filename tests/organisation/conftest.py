import pytest


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    """Case data uploads go to a folder of the test's own."""
    folder = tmp_path / "private-uploads"
    settings.QAF_PRIVATE_UPLOAD_DIR = folder
    return folder


@pytest.fixture
def template(db):
    from audits.services import audit_template_ensure_default

    return audit_template_ensure_default()
