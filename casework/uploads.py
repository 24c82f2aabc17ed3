"""A file upload handler that stops reading once an upload passes the size limit."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class UploadLimitHandler(FileUploadHandler):
    """Put first in ``request.upload_handlers``: a file over the limit is never stored.

    The rest of the request body is read and thrown away, so the page can say what went wrong;
    the view finds ``request.upload_too_large`` set.
    """

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit or settings.CASEWORK_IMPORT_MAX_UPLOAD_BYTES

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
