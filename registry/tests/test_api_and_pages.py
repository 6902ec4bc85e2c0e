"""The registry's API and pages: scope, masking, trail, field errors; web import through the background job."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.scope import scope_prefixes
from audit.models import AccessRecord
from registry import errors
from registry.models import ImportJob, ImportStatus, Resident

from .conftest import make_id

pytestmark = pytest.mark.django_db
ADDRESS = "江枫市江枫社区金枫路10号金枫花园1栋1单元101室"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.parametrize("role", ["officer", "lead", "officer2", "control"])
def test_api_lists_are_scoped_and_masked(role, users, login, client):
    login(role)
    prefixes = scope_prefixes(users[role])
    body = client.get("/api/v1/registry/residents", {"page_size": 200}).json()
    assert body["count"] > 0
    for item in body["items"]:
        resident = Resident.objects.get(pk=item["id"])
        assert any(resident.org_unit.path.startswith(p) for p in prefixes)
        assert "*" in item["id_number"]


def test_api_detail_is_on_the_trail_and_out_of_scope_is_404(users, login, client):
    login("officer")
    mine = Resident.objects.filter(org_unit__path__startswith=scope_prefixes(users["officer"])[0]).first()
    theirs = Resident.objects.filter(org_unit__path__startswith=scope_prefixes(users["officer2"])[0]).first()
    detail = client.get(f"/api/v1/registry/residents/{mine.pk}", {"unmask": "true"}).json()
    assert detail["id_number"] == mine.id_number and detail["unmasked"] is True
    assert AccessRecord.objects.filter(object_type="resident", object_id=str(mine.pk), channel="api").count() == 2
    assert client.get(f"/api/v1/registry/residents/{theirs.pk}").status_code == 404


def test_api_create_answers_field_errors_in_chinese(login, client):
    login("officer")
    bad = client.post(
        "/api/v1/registry/residents",
        {"name": "接口测试", "id_number": "1", "population_type": "x", "address_text": ADDRESS},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["detail"]["id_number"] == [errors.ID_BAD_FORMAT]
    ok = client.post(
        "/api/v1/registry/residents",
        {
            "name": "接口测试",
            "id_number": make_id("32050519881111002"),
            "population_type": "流动人口",
            "address_text": ADDRESS,
            "phone": "13600001111",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["phone"] == "136****1111" and ok.json()["address_matched"]


def test_api_indicators(login, client):
    login("lead")
    body = client.get("/api/v1/registry/indicators").json()
    assert body["residents"] > 0 and body["accuracy"].endswith("%")


def test_grid_worker_is_refused_by_the_api(login, client):
    login("grid")
    assert client.get("/api/v1/registry/residents").status_code == 403


def test_web_import_runs_as_a_job_and_offers_the_error_workbook(
    login, client, tmp_path, settings, django_capture_on_commit_callbacks
):
    # through the settings fixture only: an override_settings decorator restored before the fixture leaks TASKS
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    login("officer")
    template = client.get(reverse("registry:import_template", args=["residents"]))
    assert template.status_code == 200
    csv_text = "\n".join(
        [
            "姓名,公民身份号码,性别,出生日期,民族,联系电话,人口类型,现住地址,与房屋关系,户籍地址",
            f"网页导入,{make_id('32050519770707001')},,,汉族,13500001111,户籍人口,{ADDRESS},户主,",
            ",123,,,,,户籍人口,,,",
        ]
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:import"),
            {"kind": "residents", "file": SimpleUploadedFile("家庭.csv", csv_text, content_type="text/csv")},
        )
    job = ImportJob.objects.latest("id")
    assert response.url == reverse("registry:import_job", args=[job.pk])
    page = client.get(response.url)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and (job.imported, job.rejected) == (1, 1)
    assert "下载错误报告" in page.content.decode()
    report = client.get(reverse("registry:import_report", args=[job.pk]))
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"".join(report.streaming_content))
    rows = list(load_workbook(path).active.values)
    assert rows[1][:3] == (3, "姓名", errors.NAME_REQUIRED)
    assert Resident.objects.filter(name="网页导入").exists()


def test_an_upload_the_importer_cannot_read_says_why_on_the_job_page(
    login, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    """A file refused as a whole (here a header that is not the template's) fails the job with the reason."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    login("officer")
    content = "名字,身份证\n王五,1\n".encode("gb18030")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:import"),
            {"kind": "residents", "file": SimpleUploadedFile("名单.csv", content, content_type="text/csv")},
        )
    job = ImportJob.objects.latest("id")
    assert (job.status, job.rows_total, job.rejected) == (ImportStatus.FAILED, 0, 0)
    assert job.message.startswith("表头与模板不一致")
    assert job.message in client.get(response.url).content.decode()


def test_other_users_import_jobs_are_not_found(login, client, users):
    job = ImportJob.objects.create(kind="residents", user=users["lead"], file_name="x.csv", file_path="/nonexistent")
    login("officer")
    assert client.get(reverse("registry:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry:import_report", args=[job.pk])).status_code == 404


def test_upload_of_a_wrong_file_type_is_refused_on_the_field(login, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login("officer")
    response = client.post(
        reverse("registry:import"),
        {"kind": "residents", "file": SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")},
    )
    assert response.status_code == 200 and "只接受 .xlsx 或 .csv 文件" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "registry:resident_list",
        "registry:house_list",
        "registry:organization_list",
        "registry:address_list",
        "registry:finding_list",
        "registry:candidate_list",
        "registry:indicators",
        "registry:import",
    ],
)
def test_pages_open_for_the_officer_and_malformed_queries_never_500(url, login, client):
    login("officer")
    assert client.get(reverse(url)).status_code == 200
    for query in (
        {"page": "x"},
        {"level": "abc"},
        {"use": "?"},
        {"status": "zz"},
        {"q": "%" * 300},
        {"within": "abc"},
        {"population_type": "bad"},
    ):
        assert client.get(reverse(url), query).status_code == 200, (url, query)


def test_merge_from_the_page_needs_a_choice(users, login, client):
    from registry.models import CandidateStatus, DuplicateCandidate
    from registry.services import resident_create

    data = {
        "name": "页面合并",
        "id_number": make_id("32050519660606003"),
        "population_type": "户籍人口",
        "address_text": ADDRESS,
    }
    a = resident_create(acting_user=users["officer"], data=data)
    n = a.id_number
    b = resident_create(acting_user=users["officer"], data=data | {"id_number": n[:15] + "8" + n[16:]})
    candidate = DuplicateCandidate.objects.get(resident=a, other=b)
    login("officer")
    client.post(reverse("registry:candidate_decide", args=[candidate.pk]), {})
    assert DuplicateCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.OPEN
    response = client.post(reverse("registry:candidate_decide", args=[candidate.pk]), {"keep": str(a.pk)})
    assert response.url == reverse("registry:resident_detail", args=[a.pk])
    b.refresh_from_db()
    assert b.merged_into == a


def test_rental_registration_from_the_house_page(users, login, client):
    from registry.models import House, QualityFinding
    from registry.services import resident_create

    tenant = resident_create(
        acting_user=users["officer"],
        data={
            "name": "租客甲",
            "id_number": make_id("32050519950505006"),
            "population_type": "流动人口",
            "address_text": "江枫市江枫社区金枫路30号金枫花园9栋1单元101室",
            "house_relation": "承租人",
        },
    )
    house = House.objects.get(pk=tenant.house_id)
    login("officer")
    url = reverse("registry:rental_new", args=[house.pk])
    bad = client.post(url, {"start": "2026-03-01", "end": "2026-01-01"})
    assert bad.status_code == 200 and "到期日期不能早于起租日期" in bad.content.decode()
    ok = client.post(url, {"start": "2026-03-01", "tenants": [tenant.pk]})
    assert ok.url == reverse("registry:house_detail", args=[house.pk])
    house.refresh_from_db()
    assert house.use == "rented" and list(house.rentals.get().tenants.all()) == [tenant]
    assert not QualityFinding.objects.filter(
        object_type="house", object_id=house.pk, kind="rental_without_tenants", status="open"
    ).exists()


def test_organisation_edit_page_corrects_and_refuses_a_taken_credit_code(users, login, client):
    from stdnum.cn import uscc

    from audit.models import OperationLog
    from registry.models import Organization
    from registry.services import organization_register

    def code(n):
        body = f"91320505MA1M{n:04d}0"
        return body + uscc.calc_check_digit(body)

    first = organization_register(
        acting_user=users["officer"],
        data={"name": "甲便利店", "uscc": code(1), "category": "个体工商户", "address_text": "江枫市江枫社区金枫路1号"},
    )
    second = organization_register(
        acting_user=users["officer"],
        data={"name": "乙便利店", "uscc": code(2), "category": "个体工商户", "address_text": "江枫市江枫社区金枫路2号"},
    )
    login("officer")
    url = reverse("registry:organization_edit", args=[second.pk])
    form = {
        "name": "乙便利店",
        "uscc": code(1),
        "category": "shop",
        "address_text": second.address_text,
        "security_phone": "13900004444",
    }
    taken = client.post(url, form)
    assert taken.status_code == 200
    assert taken.context["form"].errors["uscc"] == [errors.USCC_TAKEN.format(name=first.name)]
    ok = client.post(url, form | {"uscc": code(2)})
    assert ok.url == reverse("registry:organization_detail", args=[second.pk])
    second = Organization.objects.get(pk=second.pk)
    assert second.security_phone == "13900004444"
    log = OperationLog.objects.filter(action="organization_update", object_id=str(second.pk)).get()
    assert log.changes["security_phone"] == ["", "（已修改）"]
