"""subjects.E001…: the rule rows (categories, record kinds, risk rule, bulk-read threshold) are checked at start-up."""

from subjects import checks


def test_shipped_rows_pass():
    assert checks.category_problems() == []


def test_bad_rows_are_named(monkeypatch):
    bad_category = {
        "code": "dv_perpetrator",
        "label": "",
        "clause": "第三十七条",
        "facts": [{"name": "x", "type": "number"}],
        "trigger": "nope",
    }
    monkeypatch.setattr(checks, "CATEGORIES", (*checks.CATEGORIES, bad_category))
    monkeypatch.setattr(checks, "RISK_LEVELS", ({"level": "high", "min": 10}, {"level": "low", "min": 60}))
    monkeypatch.setattr(checks, "BULK_READ_THRESHOLD", {"window_minutes": 0, "max_reads": 30})
    ids = sorted({check_id for check_id, _ in checks.category_problems()})
    assert ids == ["subjects.E001", "subjects.E002", "subjects.E003", "subjects.E007", "subjects.E008"]
    messages = [m for _, m in checks.category_problems()]
    assert "category 'dv_perpetrator': field trigger: 不是该类别的信息项" in messages
