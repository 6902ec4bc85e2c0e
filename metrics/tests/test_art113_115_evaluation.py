"""规范001 第一百一十三条–第一百一十五条: the evaluation scheme (≥70 % community work, one owner, no 办案/打处
item, year-end lock), surveys as subjective measures, and 003's 社区安全指数 as configuration."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import OperationLog
from fengqiao.indicators import CATALOGUE
from metrics.models import EvaluationScheme, SafetyIndexCategory, Survey
from metrics.selectors import home_metric_unit
from metrics.selectors_index import evaluation_result, safety_index
from metrics.services import (
    evaluation_scheme_create,
    evaluation_year_lock,
    safety_index_update,
    station_category_set,
    survey_record,
)

pytestmark = pytest.mark.django_db

ITEMS = [
    {"code": "art30_4_task_handling_rate", "weight": 40},
    {"code": "art76_1_dispute_follow_up_rate", "weight": 30},
    {"name": "其他派出所工作", "weight": 30, "community": False},
]


@pytest.fixture
def city(users):
    return home_metric_unit(user=users["control"])


def test_art113_a_scheme_below_70_percent_community_work_is_refused(users, city):
    items = [{"code": "art30_4_task_handling_rate", "weight": 60}, {"name": "其他", "weight": 40, "community": False}]
    with pytest.raises(ValidationError) as refused:
        evaluation_scheme_create(
            acting_user=users["control"], unit=city, year=2026, category="urban", name="城区", items=items
        )
    assert "低于 70%" in str(refused.value) and "第一百一十三条" in str(refused.value)
    assert not EvaluationScheme.objects.exists()


def test_art113_exactly_70_percent_is_accepted_and_logged(users, city):
    scheme = evaluation_scheme_create(
        acting_user=users["control"], unit=city, year=2026, category="urban", name="城区", items=ITEMS
    )
    assert scheme.community_weight == 70 and scheme.total_weight == 100
    assert OperationLog.objects.filter(action="evaluation_scheme_create", object_id=str(scheme.pk)).exists()


def test_art115_a_second_scheme_for_the_same_units_and_year_is_refused(users, city):
    evaluation_scheme_create(
        acting_user=users["control"], unit=city, year=2026, category="urban", name="甲", items=ITEMS
    )
    station = home_metric_unit(user=users["lead"])
    with pytest.raises(ValidationError, match="严禁多头考评"):
        evaluation_scheme_create(
            acting_user=users["control"], unit=station, year=2026, category="urban", name="乙", items=ITEMS
        )
    assert EvaluationScheme.objects.count() == 1
    # another category is another scheme
    evaluation_scheme_create(
        acting_user=users["control"], unit=city, year=2026, category="rural", name="丙", items=ITEMS
    )


def test_art114_a_case_solving_item_is_refused(users, city):
    items = [*ITEMS[:2], {"name": "案件破案率", "weight": 30, "community": False}]
    with pytest.raises(ValidationError, match="第一百一十四条"):
        evaluation_scheme_create(
            acting_user=users["control"], unit=city, year=2026, category="urban", name="含破案率", items=items
        )


def test_art115_only_the_control_centre_owns_the_scheme(users):
    station = home_metric_unit(user=users["lead"])
    with pytest.raises(PermissionDenied):
        evaluation_scheme_create(
            acting_user=users["lead"], unit=station, year=2026, category="urban", name="所自定", items=ITEMS
        )


def test_monthly_result_and_the_year_end_lock(users, city):
    station = home_metric_unit(user=users["lead"])
    station_category_set(acting_user=users["control"], station=station, category="urban")
    scheme = evaluation_scheme_create(
        acting_user=users["control"], unit=city, year=2026, category="urban", name="城区", items=ITEMS
    )
    _score, rows = evaluation_result(scheme, station, "2026-11")
    assert [r.name for r in rows] == [
        "规定任务、指令任务、推送任务管处率",
        "干预化解的矛盾纠纷及时了解和跟进回访率",
        "其他派出所工作",
    ]
    assert rows[2].score is None  # not computed from records: entered at the year-end review
    evaluation_year_lock(acting_user=users["control"], year=2026, unit=city)
    with pytest.raises(ValidationError, match="年底终评锁定"):
        evaluation_scheme_create(
            acting_user=users["control"], unit=city, year=2026, category="mixed", name="晚了", items=ITEMS
        )
    with pytest.raises(ValidationError, match="年底终评锁定"):
        survey_record(
            acting_user=users["control"], unit=station, kind="security", period="2026-12", sample=100, favourable=90
        )


def test_art114_survey_is_a_subjective_indicator(users):
    station = home_metric_unit(user=users["lead"])
    beat = station.children.filter(kind="beat").order_by("path").first()
    spec = CATALOGUE["art114_satisfaction_survey"]
    from datetime import date

    assert spec.compute(station, date(2026, 11, 1), date(2026, 11, 30)).value is None
    survey_record(
        acting_user=users["control"], unit=beat, kind="satisfaction", period="2026-11", sample=200, favourable=180
    )
    with pytest.raises(ValidationError) as refused:
        survey_record(
            acting_user=users["control"], unit=beat, kind="security", period="2026-11", sample=5, favourable=6
        )
    assert "favourable" in refused.value.message_dict
    assert spec.compute(station, date(2026, 11, 1), date(2026, 11, 30)).value == Decimal("0.9")
    assert Survey.objects.count() == 1


def test_safety_index_weights_sum_to_100_and_moving_one_moves_the_index(users, city):
    """Done means: the control centre changes a weight of the safety index and the index moves."""
    assert sum(c.weight for c in SafetyIndexCategory.objects.all()) == 100
    assert [c.name for c in SafetyIndexCategory.objects.all()] == ["治安防控", "民生服务", "环境安全"]
    station = home_metric_unit(user=users["lead"])
    before = safety_index(station, "2026-11")
    scores = {c.category.code: c.score for c in before.categories}
    measured = [code for code, s in scores.items() if s is not None]
    assert len(measured) >= 2 and before.score is not None
    high, low = max(measured, key=lambda c: scores[c]), min(measured, key=lambda c: scores[c])
    assume = scores[high] != scores[low]
    with pytest.raises(ValidationError, match="合计应为 100%"):
        safety_index_update(acting_user=users["control"], unit=city, weights={"public_security": 50})
    weights = {c.code: c.weight for c in SafetyIndexCategory.objects.all()}
    weights[high] += 10
    weights[low] -= 10
    safety_index_update(acting_user=users["control"], unit=city, weights=weights)
    after = safety_index(station, "2026-11")
    if assume:
        assert after.score > before.score
    with pytest.raises(PermissionDenied):
        safety_index_update(acting_user=users["lead"], unit=station, weights=weights)
    # every score drills down to the indicators behind it, and they to the records
    part = next(p for c in after.categories for p in c.parts if p.value is not None and p.value.spec.records)
    assert part.value.spec.code in CATALOGUE


def test_safety_index_page_says_what_the_source_does_not_define(login, users):
    client = login("control")
    html = client.get("/metrics/safety-index/").content.decode()
    assert "5大类32项指标" in html and "未列出另外两类" in html
    assert 'id="weights-form"' in html
    lead = login("lead")
    assert 'id="weights-form"' not in lead.get("/metrics/safety-index/").content.decode()


def test_the_schemes_page_leaves_the_clearance_rate_out_and_says_why(login):
    client = login("control")
    html = client.get("/metrics/schemes/").content.decode()
    assert "案件破案率（权重15%）" in html and "第一百一十四条" in html


def test_supervision_colours_task_completion(login):
    client = login("lead")
    response = client.get("/metrics/supervision/")
    assert response.status_code == 200
    assert {v.spec.code for _u, v in response.context["rows"]} == {"art30_4_task_handling_rate"}


def test_the_control_centre_records_a_survey_on_the_page(login, users):
    station = home_metric_unit(user=users["lead"])
    client = login("control")
    form = {
        "survey_unit": station.pk,
        "kind": "security",
        "survey_period": "2026-11",
        "sample": "50",
        "favourable": "45",
    }
    response = client.post("/metrics/surveys/new/", form)
    assert response.status_code == 302
    assert Survey.objects.get().org_unit == station
    refused = client.post("/metrics/surveys/new/", {**form, "favourable": "60"}, follow=True).content.decode()
    assert "不能大于样本数" in refused and Survey.objects.count() == 1
    lead = login("lead")
    assert lead.post("/metrics/surveys/new/", form).status_code in (302, 403)
    assert Survey.objects.count() == 1
