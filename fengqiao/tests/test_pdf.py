"""The shared PDF pipeline (fengqiao/pdf.py): real, extractable Chinese text in Noto CJK SC glyphs, nothing
fetched from outside."""

import pytest
from django.template import engines

from fengqiao import pdf

DOC = """{% extends "pdf/base.html" %}{% block body %}
<h1>整改通知书</h1><p class="doc-number">{{ number }}</p>
<table class="fields"><tr><th>单位</th><td>{{ unit }}</td></tr></table>{% endblock %}"""


def _render(source: str, **context) -> bytes:
    from weasyprint import HTML

    html = engines["django"].from_string(source).render(context)
    return HTML(string=html, url_fetcher=pdf._fetcher()).write_pdf()


def test_chinese_text_comes_back_out_of_the_pdf_in_noto_cjk_sc():
    """Rare characters outside GB2312 and the middle dot of minority names survive (DESIGN.md)."""
    data = _render(DOC, number="枫桥派出所〔2026〕整改第1号", unit="阿卜杜·热合曼𠮷祥旅馆")
    assert data.startswith(b"%PDF-")
    text = pdf.pdf_text(data)
    assert "整改通知书" in text
    assert "枫桥派出所〔2026〕整改第1号" in text
    assert "阿卜杜·热合曼𠮷祥旅馆" in text
    fonts = pdf.pdf_font_names(data)
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-Bold"} <= fonts, fonts
    assert not any("JP" in f or "jp" in f for f in fonts)


def test_the_base_template_declares_simplified_chinese():
    html = engines["django"].from_string(DOC).render({})
    assert '<html lang="zh-CN">' in html
    assert '"Noto Serif CJK SC"' in html


@pytest.mark.parametrize(
    "url", ["https://cdn.example.com/font.woff2", "http://10.0.0.1/logo.png", "file:///etc/passwd"]
)
def test_a_template_cannot_fetch_anything_from_outside(url):
    with pytest.raises(pdf.FetchRefused, match="外部资源"):
        pdf.local_url_fetcher(url)


def test_a_template_referring_to_the_network_is_not_rendered():
    from weasyprint.urls import FatalURLFetchingError

    source = DOC.replace("<h1>", '<img src="https://cdn.example.com/seal.png"><h1>')
    with pytest.raises(FatalURLFetchingError, match="外部资源"):
        _render(source, number="1", unit="单位")


def test_the_download_is_an_attachment_that_is_not_sniffed():
    response = pdf.pdf_response(b"%PDF-1.7 test", "整改通知书-1.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E6%95%B4" in response["Content-Disposition"]
