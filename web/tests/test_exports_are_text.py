"""Every workbook the project offers, found by walking the site, holds text where people typed text (issue 21).

Hostile values (formulas, DDE, leading +/-/@) go in through the product's own import and as records already on file
(legacy data), and onto the trails through the users' own actions. Then each demo role walks the site: every page
reachable from the workbench by links, every page the URL resolver knows without parameters, and each of those with
``?export=xlsx``. Every response that is a workbook — list exports, import templates, the import error report, any
module's future export — is opened and must hold no formula. Nobody lists the exports here: a new one is found.
"""

import html
import re
from collections import deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from audit.models import OperationLog
from fengqiao.spreadsheets import XLSX_CONTENT_TYPE
from fengqiao.tests.test_spreadsheets import HOSTILE, formula_cells
from org.models import Staff
from registry.models import ImportJob, Organization, Resident
from registry.tasks import import_job_run
from registry.tests.conftest import make_id
from tasks.models import Task

pytestmark = pytest.mark.django_db

ADDRESS = "江枫市江枫社区金枫路10号金枫花园1栋1单元101室"
HEADER = "姓名,公民身份号码,性别,出生日期,民族,联系电话,人口类型,现住地址,与房屋关系,户籍地址"
SKIP_PREFIXES = ("/static/", "/api/", "/logout/", "/i18n/", "/login/")
HREF = re.compile(r'href="([^"#]+)"')


def hostile_import(client, login) -> None:
    """An officer imports a file full of formulas through the import page; the job runs."""
    login("officer")
    rows = [
        f"{value.replace(chr(13), '')},{make_id(f'3205051980010{i:02d}00')},男,,汉族,,户籍人口,{ADDRESS},户主,{value}"
        for i, value in enumerate(v for v in HOSTILE if "," not in v)
    ]
    rows.append("=1+2,12345,男,,汉族,,户籍人口,=HYPERLINK(1),户主,")  # refused: lands in the error report
    body = ("\n".join([HEADER, *rows]) + "\n").encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/registry/import/", {"kind": "residents", "file": SimpleUploadedFile("恶意.csv", body, "text/csv")}
    )
    assert response.status_code == 302, response.content.decode()[:300]
    job = ImportJob.objects.latest("pk")
    import_job_run.call(job.pk)
    job.refresh_from_db()
    assert job.report_path, "the hostile file must leave an error report"


def hostile_records(users) -> None:
    """Records already on file with hostile text (legacy data, or typed before validation existed)."""
    beat = users["officer"].role_assignments.first().org_unit
    residents = Resident.objects.filter(org_unit__path__startswith=beat.path)[:3]
    for value, resident in zip(HOSTILE, residents, strict=False):
        Resident.objects.filter(pk=resident.pk).update(name=value, household_address=value)
    Organization.objects.filter(pk__in=Organization.objects.order_by("pk").values("pk")[:2]).update(name=HOSTILE[1])
    Staff.objects.filter(pk__in=Staff.objects.filter(org_unit__path__startswith=beat.path).values("pk")[:2]).update(
        name=HOSTILE[2]
    )
    Task.objects.filter(pk__in=Task.objects.filter(org_unit__path__startswith=beat.path).values("pk")[:2]).update(
        title=HOSTILE[0]
    )
    # A legacy log row (written before audit/labels.py refused unlabelled codes): its code is shown as it is.
    OperationLog.objects.create(
        user=users["officer"],
        username="demo_officer",
        action=HOSTILE[0],
        object_type="resident",
        object_id="-",
        summary=HOSTILE[2],
    )


def parameterless_routes() -> list[str]:
    """Every page the URL resolver knows whose path has no parameter."""
    found = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and "<" not in str(p.pattern):
                found.append("/" + prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return [u for u in found if not u.startswith(SKIP_PREFIXES) and "^" not in u]


def route_key(url: str) -> tuple:
    parts = urlsplit(url)
    match = resolve(parts.path)
    return match.route, "export" in dict(parse_qsl(parts.query))


def walk_site(client) -> dict[str, bytes]:
    """Breadth-first over links (one visit per route, with and without export), returning every workbook."""
    queue = deque(["/"])
    for url in parameterless_routes():
        queue += [url, url + "?export=xlsx"]
    seen: set[tuple] = set()
    workbooks: dict[str, bytes] = {}
    while queue:
        url = queue.popleft()
        if not url.startswith("/") or url.startswith(SKIP_PREFIXES):
            continue
        try:
            key = route_key(url)
        except Resolver404:
            continue
        if key in seen:
            continue
        seen.add(key)
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if content_type.startswith(XLSX_CONTENT_TYPE) or (url.endswith(".xlsx") and response.status_code == 200):
            workbooks[url] = b"".join(response.streaming_content) if response.streaming else response.content
        elif response.status_code == 200 and content_type.startswith("text/html"):
            page = response.content.decode()
            for href in HREF.findall(page):
                href = html.unescape(href)
                if href.startswith("?"):
                    href = urlsplit(url).path + href
                queue.append(href)
    return workbooks


def test_no_workbook_the_site_offers_holds_a_formula(client, login, users):
    hostile_import(client, login)
    hostile_records(users)

    found: dict[str, bytes] = {}
    for role in ("officer", "lead", "control", "auditor"):
        login(role)
        found |= {f"{role} {url}": data for url, data in walk_site(client).items()}

    formulas = {url: formula_cells(data) for url, data in found.items() if formula_cells(data)}
    assert formulas == {}
    # The walk must have reached workbooks that carry the hostile values, or it proves nothing.
    carrying = sorted(url for url, data in found.items() if _carries_hostile(data))
    assert len(found) >= 10 and len(carrying) >= 5, (sorted(found), carrying)
    assert any("/report/" in url for url in carrying), carrying  # the import error report echoes rows as typed


def _carries_hostile(data: bytes) -> bool:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    values = {c.value for s in book.worksheets for row in s.iter_rows() for c in row if isinstance(c.value, str)}
    return any(v in values for v in HOSTILE)
