"""One place for uploaded files — evidence, photos, recordings, attachments — on the way in and on the way out
(issue 21; docs/adr/0005).

On the way in, :func:`check` (one file) or :func:`check_all` (a form's files) decides by **content**, never by the
name or the browser-sent type: the first bytes must be one of the kinds the caller allows (PDF, JPG, PNG, WebP,
HEIC, DOCX, XLSX, MP4/MOV, M4A, MP3, WAV, AMR, AVI). A Word or Excel file must really be one (the ZIP holds the
parts of that format, and no macros). The file may not be empty or larger than the limit
(``settings.FENGQIAO_UPLOAD_MAX_MB``, 20 MB, unless the caller gives its own). Its SHA-256 is computed, the name
shown to users is cleaned (no path, no control characters, an extension that matches the content) and the file
is stored under a random name. An upload named ``报告.pdf`` that is really HTML is refused with a Chinese message
on the form field (``ValidationError({field: [...]})``), as are ``.html``, ``.svg``, ``.exe`` … whatever they hold.

On the way out, :func:`response` serves a stored file only as a download: ``Content-Disposition: attachment``
with the cleaned name, the content type recorded at upload, ``X-Content-Type-Options: nosniff``, a sandboxing
``Content-Security-Policy`` and ``Cache-Control: private, no-store``. Files are never linked from ``MEDIA_URL``:
each module serves them through its own view that finds the record with a **scoped selector** first (out of scope
is 404), and writes the access trail when the record is a person's.

Usage in a module::

    # models.py — a file model keeps the facts (``ops verify_evidence`` re-checks every sha256 later)
    class HazardPhoto(UploadFacts):
        hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos")
        file = models.FileField(_("文件"), upload_to="hazard_photos/%Y/%m/")

    # services.py — check everything before writing anything
    checked = uploads.check_all(files, field="photos", kinds=uploads.PHOTOS)
    for c in checked:
        HazardPhoto.objects.create(hazard=hazard, **c.facts())

    # views.py — only through a scoped selector
    def hazard_photo(request, pk):
        photo = get_or_404(selectors.hazard_photo_get, user=request.user, pk=pk)
        return uploads.response(photo)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Messages (constants: tests and other modules name them).
FILE_EMPTY = "文件“{name}”是空的，请重新选择"
FILE_TOO_LARGE = "文件“{name}”超过{mb}MB，请压缩后再上传"
FILE_KIND = "文件“{name}”不是可接受的类型（可上传：{kinds}）；是否是文件类型由文件内容判断，不看扩展名"
FILE_NAME_KIND = "文件“{name}”的扩展名“{ext}”不可上传（可上传：{kinds}）"
FILE_MACROS = "文件“{name}”含有宏，不能上传；请另存为不含宏的文档"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # what users read in a message
    content_type: str
    extensions: tuple[str, ...]  # the first one is given to a stored name whose extension does not match


PDF = Kind("pdf", "PDF", "application/pdf", (".pdf",))
JPG = Kind("jpg", "JPG", "image/jpeg", (".jpg", ".jpeg"))
PNG = Kind("png", "PNG", "image/png", (".png",))
WEBP = Kind("webp", "WebP", "image/webp", (".webp",))
HEIC = Kind("heic", "HEIC", "image/heic", (".heic", ".heif"))
DOCX = Kind("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = Kind("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
MP4 = Kind("mp4", "MP4", "video/mp4", (".mp4", ".m4v", ".3gp"))
MOV = Kind("mov", "MOV", "video/quicktime", (".mov",))
M4A = Kind("m4a", "M4A", "audio/mp4", (".m4a",))
MP3 = Kind("mp3", "MP3", "audio/mpeg", (".mp3",))
WAV = Kind("wav", "WAV", "audio/wav", (".wav",))
AMR = Kind("amr", "AMR", "audio/amr", (".amr",))
AVI = Kind("avi", "AVI", "video/x-msvideo", (".avi",))

# The groups modules pass as ``kinds``.
PHOTOS = (JPG, PNG, WEBP, HEIC)
DOCUMENTS = (PDF, JPG, PNG, DOCX, XLSX)
RECORDINGS = (MP4, MOV, M4A, MP3, WAV, AMR, AVI)
EVIDENCE = (PDF, *PHOTOS, DOCX, XLSX, *RECORDINGS)  # the default: anything an officer may attach

HEAD_BYTES = 64
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
_M4A_BRANDS = {b"M4A ", b"M4B ", b"F4A "}
_ILLEGAL_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def _ooxml(f) -> Kind | str | None:
    """DOCX or XLSX by the parts inside the ZIP; "macros" when it carries a VBA project; None otherwise."""
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        f.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return "macros"
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff(head: bytes, f=None) -> Kind | str | None:
    """The kind the first bytes say a file is (``f`` is read for ZIP-based formats); None when none we know."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return AVI
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIC_BRANDS:
            return HEIC
        if brand in _M4A_BRANDS:
            return M4A
        if brand == b"qt  ":
            return MOV
        return MP4
    if head.startswith(b"#!AMR"):
        return AMR
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE6 in (0xE2, 0xE4, 0xE6)):
        return MP3
    if head.startswith(b"PK\x03\x04") and f is not None:
        return _ooxml(f)
    return None


def clean_name(name: str, kind: Kind) -> str:
    """The name users see: no folders, no control or reserved characters, at most 200 characters, and an
    extension that says what the content is (``照片.png`` holding a JPG is shown as ``照片.jpg``)."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = _ILLEGAL_NAME.sub("", name).strip().strip(".") or _("附件")
    path = PurePosixPath(name)
    stem = path.stem if path.suffix.lower() in _ALL_EXTENSIONS else name
    suffix = path.suffix.lower() if path.suffix.lower() in kind.extensions else kind.extensions[0]
    return stem[: 200 - len(suffix)] + suffix


_ALL_EXTENSIONS = {ext for kind in EVIDENCE for ext in kind.extensions}


def _kinds_label(kinds) -> str:
    return "、".join(dict.fromkeys(k.label for k in kinds))


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed :func:`check`: what to store."""

    file: object
    name: str  # cleaned, for users and the download
    kind: Kind
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        return self.kind.content_type

    def facts(self) -> dict:
        """Keyword arguments for a :class:`UploadFacts` model's ``create``: the file under a random storage name
        (never the user's), its cleaned name, type, size and checksum."""
        stored = File(self.file, name=f"{uuid.uuid4().hex}{self.kind.extensions[0]}")
        return {
            "file": stored,
            "name": self.name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def max_mb_default() -> int:
    return getattr(settings, "FENGQIAO_UPLOAD_MAX_MB", 20)


def check(f, *, field: str, kinds=EVIDENCE, max_mb: int | None = None) -> CheckedFile:
    """Refuse ``f`` unless its content is one of ``kinds``, it is not empty and within ``max_mb``; return its facts.
    Raises ``ValidationError({field: [reason]})``, the reason in Chinese and naming the file."""
    max_mb = max_mb or max_mb_default()
    shown = str(getattr(f, "name", "") or _("附件")).replace("\\", "/").rsplit("/", 1)[-1][:100]
    size = f.size

    def refuse(message: str, **params):
        raise ValidationError({field: [_(message).format(name=shown, **params)]}, code="file")

    if not size:
        refuse(FILE_EMPTY)
    if size > max_mb * 1024 * 1024:
        refuse(FILE_TOO_LARGE, mb=max_mb)
    suffix = PurePosixPath(shown).suffix.lower()
    allowed_extensions = {ext for k in kinds for ext in k.extensions}
    if suffix and suffix not in allowed_extensions:
        refuse(FILE_NAME_KIND, ext=suffix, kinds=_kinds_label(kinds))
    f.seek(0)
    head = f.read(HEAD_BYTES)
    f.seek(0)
    kind = sniff(head, f)
    if kind == "macros":
        refuse(FILE_MACROS)
    if kind not in kinds:
        refuse(FILE_KIND, kinds=_kinds_label(kinds))
    digest = hashlib.sha256()
    for chunk in f.chunks() if hasattr(f, "chunks") else iter(lambda: f.read(1 << 20), b""):
        digest.update(chunk)
    f.seek(0)
    return CheckedFile(f, clean_name(shown, kind), kind, size, digest.hexdigest())


def check_all(files, *, field: str, kinds=EVIDENCE, max_mb: int | None = None) -> list[CheckedFile]:
    """:func:`check` every file; one ``ValidationError`` naming every refused file, or the list of checked ones."""
    checked, problems = [], []
    for f in files or ():
        try:
            checked.append(check(f, field=field, kinds=kinds, max_mb=max_mb))
        except ValidationError as exc:
            problems.extend(exc.message_dict[field])
    if problems:
        raise ValidationError({field: problems}, code="file")
    return checked


def response(stored, *, filename: str | None = None) -> FileResponse:
    """Serve a stored file (a :class:`UploadFacts` row, or anything with ``file``, ``name`` and ``content_type``)
    as a download the browser may neither sniff nor render. Call it only after a scoped selector found the row."""
    content_type = getattr(stored, "content_type", "") or "application/octet-stream"
    resp = FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=filename or stored.name, content_type=content_type
    )
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    resp["Cache-Control"] = "private, no-store"
    resp["Cross-Origin-Resource-Policy"] = "same-origin"
    return resp


class UploadFacts(models.Model):
    """The facts every stored upload keeps beside its ``file`` (which the concrete model declares with its own
    ``upload_to``): the cleaned name, the content type found by :func:`check`, the size and the SHA-256 that
    ``python manage.py verify_evidence`` compares the stored file with. Rows stored before checksums were kept
    have an empty ``sha256``."""

    name = models.CharField(gettext_lazy("文件名"), max_length=200)
    content_type = models.CharField(gettext_lazy("文件类型"), max_length=100, blank=True, default="")
    size = models.PositiveBigIntegerField(gettext_lazy("大小（字节）"), default=0)
    sha256 = models.CharField(gettext_lazy("SHA-256"), max_length=64, blank=True, default="")

    class Meta:
        abstract = True


__all__ = [
    "DOCUMENTS",
    "EVIDENCE",
    "PHOTOS",
    "RECORDINGS",
    "CheckedFile",
    "Kind",
    "UploadFacts",
    "check",
    "check_all",
    "clean_name",
    "response",
    "sniff",
]
