"""Monthly evaluation report (PDF, Excel) and the quarterly public-safe 治安情况 summary (规范001 第九十六条)."""

import io

import pytest
from openpyxl import load_workbook

from fengqiao.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_monthly_report_pdf_and_excel(login):
    client = login("lead")
    pdf = client.get("/metrics/reports/monthly.pdf?period=2026-11")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "月度考评报告" in text and "社区安全指数" in text
    xlsx = client.get("/metrics/reports/monthly.xlsx?period=2026-11")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["指标", "社区安全指数", "排名"]
    assert book["指标"]["A1"].value == "指标"


def test_quarterly_summary_is_public_safe(login, users):
    from registry.models import Resident

    client = login("lead")
    page = client.get("/metrics/reports/?quarter=2026-Q3")
    html = page.content.decode()
    assert "不含任何个人信息" in html and "矛盾纠纷" in html
    pdf = client.get("/metrics/reports/quarterly.pdf?quarter=2026-Q3")
    text = pdf_text(pdf.content)
    assert "治安情况通报" in text
    names = list(Resident.objects.values_list("name", flat=True)[:50])
    assert not [n for n in names if n and n in text]
