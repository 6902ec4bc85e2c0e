"""One PDF pipeline for every printable document (整改通知书, 证明, 通知…): a Django template rendered to HTML,
then to PDF by WeasyPrint (base template: ``web/templates/pdf/base.html``), with the machine's Noto CJK fonts
(Debian ``fonts-noto-cjk``).

Why these choices (DESIGN.md "Facts about the data that libraries get wrong"): WeasyPrint embeds OpenType CJK
fonts as real text (ReportLab cannot embed Noto CJK); with a generic family and Django's ``lang="zh-hans"`` it
picks the Japanese glyph variants, so printable templates extend ``pdf/base.html``, which sets ``lang="zh-CN"``
and names ``Noto Serif CJK SC`` (for 宋体/仿宋) / ``Noto Sans CJK SC`` (for 黑体).

Air-gapped: the URL fetcher refuses anything that is not a ``data:`` URL or a file under the project's static
folders, so a template can never make the server fetch from the network.

``pdf_text`` and ``pdf_font_names`` are for tests: they read a PDF back with pypdf so a test asserts the real,
extractable Chinese text and the embedded font (install the ``test`` extra).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"
FONT_SERIF = "Noto Serif CJK SC"
FONT_SANS = "Noto Sans CJK SC"


class FetchRefused(ValueError):
    pass


def _static_roots() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "static"]
    roots += [Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])]
    return [r.resolve() for r in roots]


def _allowed(url: str) -> bool:
    if url.startswith("data:"):
        return True
    if url.startswith("file://"):
        path = Path(url[len("file://") :].split("?")[0]).resolve()
        return any(path.is_relative_to(root) for root in _static_roots())
    return False


def local_url_fetcher(url: str):
    """Refuse (``FetchRefused``) anything but ``data:`` URLs and files under the static folders."""
    if not _allowed(url):
        raise FetchRefused(f"PDF 模板不得引用外部资源：{url}")
    return url


def _fetcher():
    """WeasyPrint's fetcher, narrowed to ``local_url_fetcher``; a refused URL stops the rendering."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class LocalURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            try:
                local_url_fetcher(url)
            except FetchRefused as exc:
                raise FatalURLFetchingError(str(exc)) from exc
            return super().fetch(url, headers)

    return LocalURLFetcher(allowed_protocols=("data", "file"), timeout=1)


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """Render ``template_name`` (which extends ``pdf/base.html``) with ``context`` to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, context or {})
    base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf()


def pdf_checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdf_response(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """Serve PDF bytes as a download (or inline), never sniffed as anything else."""
    from urllib.parse import quote

    response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
    disposition = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode() or "document.pdf"
    response["Content-Disposition"] = f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(data))
    return response


# ---------------------------------------------------------------- test helpers (pypdf)


def _reader(data: bytes):
    from io import BytesIO

    from pypdf import PdfReader

    return PdfReader(BytesIO(data))


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, page after page, as a reader would copy it (whitespace collapsed)."""
    text = "\n".join(page.extract_text() or "" for page in _reader(data).pages)
    return "".join(text.split())


def pdf_font_names(data: bytes) -> set[str]:
    """The base names of the fonts a PDF embeds, subset prefix dropped (``NotoSerifCJKsc-Regular`` …)."""
    names = set()
    for page in _reader(data).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            base = str(ref.get_object().get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
    return names
