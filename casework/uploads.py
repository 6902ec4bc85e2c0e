"""Files handed to a mediator: checked on the way in, served safely on the way out — behind these two
functions until ``fengqiao/uploads.py`` (content-type check, size limit, checksum, safe serving) lands; then
they call it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

from . import errors

MAX_MB = 20
# What a file's first bytes say it is; anything else is refused (the browser-sent type is not trusted).
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument", "DOCX/XLSX"),
)
ALLOWED = "、".join(s[2] for s in SIGNATURES)


@dataclass(frozen=True)
class CheckedFile:
    file: object
    name: str
    content_type: str
    size: int
    sha256: str


def upload_check(f, *, field: str) -> CheckedFile:
    """Refuse a file that is too large or not one of the allowed kinds (by its content); return its facts."""
    if f.size > MAX_MB * 1024 * 1024:
        raise ValidationError({field: [_(errors.FILE_TOO_LARGE).format(name=f.name, mb=MAX_MB)]}, code="file")
    f.seek(0)
    head = f.read(16)
    kind = next((s for s in SIGNATURES if head.startswith(s[0])), None)
    if kind is None or f.size == 0:
        raise ValidationError({field: [_(errors.FILE_KIND).format(name=f.name, kinds=ALLOWED)]}, code="file")
    f.seek(0)
    digest = hashlib.sha256()
    for chunk in f.chunks():
        digest.update(chunk)
    f.seek(0)
    return CheckedFile(f, f.name[:200], kind[1], f.size, digest.hexdigest())


def upload_response(stored) -> FileResponse:
    """Serve a stored file as a download that the browser may not sniff into something else."""
    response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)
    response["Content-Type"] = stored.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
