"""Browser walk: Playwright drives Debian's chromium (installed by scripts/test), headless, no network.

An officer signs in, sees 我的工作台 with their beat, opens the org tree and the staff list, and a detail
page shows masked personal data. Screenshots go to test-artifacts/ for a person to look at.
"""

import pytest

from audit.masking import mask_id_number, mask_phone
from org.models import Staff
from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_and_walks_the_main_pages(page):
    page.goto(f"{page.base_url}/org/")
    assert "/login/" in page.url  # deny by default
    page.screenshot(path=str(ARTIFACTS / "01-login.png"), full_page=True)

    sign_in(page, "demo_officer")
    page.wait_for_selector("#my-unit")
    assert page.inner_text("h1") == "我的工作台"
    assert "枫桥第1警务区" in page.inner_text("#my-unit")
    assert "已逾期" in page.inner_text("#task-panel")  # the demo seeds due/soon/overdue tasks (tasks/demo.py)
    assert "我的警务区" in page.inner_text("#shortcuts")
    page.screenshot(path=str(ARTIFACTS / "02-workbench.png"), full_page=True)

    page.click("#shortcuts >> text=我的警务区")
    page.wait_for_selector("#org-tree")
    tree = page.inner_text("#org-tree")
    assert "枫桥第1警务区" in tree and "网格" in tree
    assert "寒山派出所" not in tree and "枫桥第2警务区" not in tree  # only the officer's beat
    page.screenshot(path=str(ARTIFACTS / "03-org-tree.png"), full_page=True)

    page.click("#sidebar >> text=人员")
    page.wait_for_selector("#result-table")
    rows = page.locator("#result-table tbody tr")
    assert rows.count() > 0
    assert "****" in page.inner_text("#result-table")  # phones masked in the list
    page.screenshot(path=str(ARTIFACTS / "04-staff-list.png"), full_page=True)

    rows.first.locator("a").first.click()
    page.wait_for_selector("#staff-facts")
    staff = Staff.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert staff.phone and page.inner_text("#phone").strip() == mask_phone(staff.phone)  # e.g. 139****2222
    page.click("#unmask")
    page.wait_for_selector("#staff-facts")
    assert page.inner_text("#phone").strip() == staff.phone  # the full number, after 显示完整信息
    page.screenshot(path=str(ARTIFACTS / "05-staff-detail.png"), full_page=True)


def test_lead_sees_staffing_warnings_and_auditor_sees_the_trail(page):
    sign_in(page, "demo_lead")
    page.goto(f"{page.base_url}/org/staffing/")
    assert "社区民警占派出所警力比应在40%以上" in page.inner_text("#staffing-warnings")
    page.screenshot(path=str(ARTIFACTS / "06-staffing.png"), full_page=True)
    page.goto(f"{page.base_url}/org/staff/")
    page.locator("#result-table tbody tr a").first.click()
    page.wait_for_selector("#staff-facts")
    name = page.inner_text("h1")
    page.click("text=退出")

    sign_in(page, "demo_auditor")
    page.goto(f"{page.base_url}/audit/access/")
    table = page.inner_text("#result-table")
    assert "demo_lead" in table and name in table and "查看详情" in table
    page.screenshot(path=str(ARTIFACTS / "07-access-trail.png"), full_page=True)


def test_officer_imports_residents_and_follows_up_in_the_browser(page, settings, tmp_path):
    """Import → error workbook → duplicate candidate → resident detail, as an officer would."""
    from openpyxl import load_workbook

    from registry.models import Resident

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    known = Resident.objects.filter(org_unit__name="枫桥第1警务区", id_number__isnull=False).order_by("pk").first()
    typo = known.id_number[:15] + ("1" if known.id_number[15] != "1" else "2") + known.id_number[16:]
    sign_in(page, "demo_officer")
    page.wait_for_selector("#my-unit")
    page.goto(f"{page.base_url}/registry/import/")
    with page.expect_download() as download:
        page.click("#template-residents")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert next(load_workbook(template).active.values)[:2] == ("姓名", "公民身份号码")
    upload = tmp_path / "本周采集.csv"
    upload.write_text(
        "\n".join(
            [
                "姓名,公民身份号码,性别,出生日期,民族,联系电话,人口类型,现住地址,与房屋关系,户籍地址",
                f"{known.name},{typo},,,汉族,13511112222,户籍人口,{known.address_text},户主,",
                ",123,,,,,户籍人口,,,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    page.select_option("select[name=kind]", "residents")
    page.set_input_files("input[name=file]", str(upload))
    page.screenshot(path=str(ARTIFACTS / "08-import-form.png"), full_page=True)
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-job")
    assert page.inner_text("#job-status") == "已完成"
    counts = page.inner_text("#job-counts")
    assert "新增：1" in counts and "拒绝：1" in counts
    page.screenshot(path=str(ARTIFACTS / "09-import-result.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#error-report")
    report = tmp_path / "errors.xlsx"
    download.value.save_as(report)
    rows = list(load_workbook(report).active.values)
    assert rows[1][:3] == (3, "姓名", "姓名不能为空")

    page.goto(f"{page.base_url}/registry/duplicates/")
    page.click(f"#result-table >> text={known.name}")
    page.wait_for_selector("#candidate-pair")
    assert "身份证号仅一位不同" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "10-duplicate-pair.png"), full_page=True)
    page.click(f"#candidate-pair >> text={known.name} >> nth=0")
    page.wait_for_selector("#resident-facts")
    shown = page.inner_text("#id-number").split()[0]  # the exact masked form, e.g. 3299**********0011
    assert shown in {mask_id_number(known.id_number), mask_id_number(typo)}
    assert "疑似重复" in page.inner_text("#duplicate-warning")
    page.screenshot(path=str(ARTIFACTS / "11-resident-detail.png"), full_page=True)


def test_officer_marks_dv_perpetrator_lead_approves_officer_visits_next_due_shown(page):
    """规范001 第三十九条、第四十一条(五): 标注 → 所领导同意 → 七日内查访 → 记录查访后三个月再查访。"""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import RoleAssignment, User
    from registry.models import Resident
    from rules.calendar import add_months, roll

    today = timezone.localdate()
    beat = RoleAssignment.objects.get(user=User.objects.get(username="demo_officer"), role="officer").org_unit
    person = Resident.objects.filter(org_unit=beat, labels=[], is_active=True).order_by("-pk").first()
    sign_in(page, "demo_officer")
    page.wait_for_selector("#my-unit")
    page.goto(f"{page.base_url}/subjects/pick/?q={person.name}")
    page.click(f"a[href='/subjects/mark/{person.pk}/']")
    page.select_option("select[name=category]", "dv_perpetrator")
    page.fill("input[name=dv_perpetrator__warning_served_on]", (today - timedelta(days=1)).isoformat())
    page.click("#submit-mark")
    page.wait_for_selector("#pending-approval")
    subject_url = page.url
    page.screenshot(path=str(ARTIFACTS / "20-subject-pending.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, "demo_lead")
    page.wait_for_selector("#my-unit")
    page.goto(f"{page.base_url}/subjects/approvals/")
    row = page.locator("#approvals tr", has_text=person.name)
    row.locator("button[value=approve]").click()
    page.wait_for_selector("#approvals")
    assert person.name not in page.inner_text("#approvals")

    page.context.clear_cookies()
    sign_in(page, "demo_officer")
    page.wait_for_selector("#my-unit")
    assert person.name in page.inner_text("#task-items")  # the first visit, due within seven days, on the workbench
    page.goto(subject_url)
    first_due = roll(today + timedelta(days=6), not_before=today).isoformat()  # 7 days from the serving; rolled
    assert first_due in page.inner_text("#obligations")
    page.click("#record-visit")
    page.fill("input[name=visited_on]", today.isoformat())
    page.select_option("select[name=measure]", "investigate")  # 请选择 first: the officer chooses the measure
    page.select_option("select[name=way]", "in_person")
    page.select_option("select[name=met]", "subject")
    page.fill("textarea[name=findings]", "在家，未发现再次实施家庭暴力")
    page.select_option("select[name=recurrence_found]", "false")
    page.click("#save-record")
    page.wait_for_selector("#obligations")
    obligations = page.inner_text("#obligations")
    next_due = roll(add_months(today, 3), not_before=today + timedelta(days=1))  # on a rest day: the workday before
    assert next_due.isoformat() in obligations and first_due not in obligations
    page.screenshot(path=str(ARTIFACTS / "21-subject-after-visit.png"), full_page=True)
