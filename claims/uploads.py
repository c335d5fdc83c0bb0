"""An upload handler that keeps no more of a file than an article may be."""

import io

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest


class ArticleUploadLimit(FileUploadHandler):
    """First in the chain: passes each file's bytes on to Django's handlers
    while the file is within `limit`, then only counts them. A file over the
    limit arrives as an empty upload carrying its real size, which the import
    page refuses without reading: an oversized upload is never kept whole, in
    memory or on disk.
    """

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        # None stops the chunk here: the handlers after this one never see it.
        return raw_data if start + len(raw_data) <= self.limit else None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if file_size <= self.limit:
            return None  # the next handler hands over the file as usual
        return UploadedFile(
            io.BytesIO(),
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
        )
