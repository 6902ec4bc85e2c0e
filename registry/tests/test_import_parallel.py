"""The resident import reads and checks a large file in a second process (issue 11): that path and the
in-process one give the same result, the same error report line for line, the same records and findings."""

import pytest
from openpyxl import load_workbook

from registry import errors, importer
from registry.importer import import_file
from registry.models import DuplicateCandidate, ImportKind, QualityFinding, RecordChange, Resident

from .conftest import make_id

pytestmark = pytest.mark.django_db

ADDRESS = "江枫市江枫社区金枫路10号金枫花园1栋1单元{}室"


def mixed_rows() -> list[str]:
    """Good rows, a repeated number, wrong widths, failed checks, unreadable secondary values, a typo'd twin."""
    rows = []
    for i in range(30):
        number = make_id(f"3205051980010{i:03d}1")
        address = ADDRESS.format(101 + i % 4)
        rows.append(f"并行{'甲乙丙丁戊己庚辛'[i % 8]}{i},{number},,,汉族,1380000{i:04d},户籍人口,{address},户主,")
        if i % 7 == 0:
            rows.append(f"并行重,{number},,,汉族,,户籍人口,{ADDRESS.format(201)},户主,")  # same number again
        if i % 5 == 0:
            rows.append(f"并行宽{i},{make_id(f'3205051980020{i:03d}1')},男,,汉族,,户籍人口,{address},户主")
        if i % 6 == 0:
            rows.append(f",{make_id(f'3205051980030{i:03d}1')},男,,汉族,,户籍人口,{address},户主,")  # no name
            rows.append(f"并行坏{i},12345,男,,外星,,外星人口,{address},户主,")  # two columns wrong
        if i % 4 == 0:
            rows.append(f"并行读{i},{make_id(f'3205051980040{i:03d}1')},未知,1980-02-31,火星族,1,流动人口,{address},,")
        if i % 9 == 0:
            swapped = number[:10] + number[11] + number[10] + number[12:]
            rows.append(f"并行{'甲乙丙丁戊己庚辛'[i % 8]}{i},{swapped},,,汉族,,户籍人口,{address},户主,")
        if i % 11 == 0:
            rows.append("")  # a blank line is not a row
    return rows


def snapshot(result, report) -> dict:
    mine = Resident.objects.filter(name__startswith="并行")  # the demo district has residents of its own
    residents = list(
        mine.order_by("pk").values_list(
            "name", "id_number", "gender", "birth_date", "ethnicity", "phone", "population_type", "address_text",
            "address_id", "house_id", "org_unit_id", "name_initials", "name_bigrams", "house_relation",
        )
    )  # fmt: skip
    label = dict(Resident.objects.values_list("pk", "id_number"))
    findings = sorted(
        (label[f.object_id], f.kind, f.detail, f.org_unit_id)
        for f in QualityFinding.objects.filter(object_type="resident")
    )
    candidates = sorted((label[c.resident_id], label[c.other_id], c.score) for c in DuplicateCandidate.objects.all())
    history = sorted((label[c.object_id], c.action) for c in RecordChange.objects.filter(object_type="resident"))
    lines = list(load_workbook(report).active.values)
    return {
        "result": result.as_json() | {"report": None},
        "residents": residents,
        "findings": findings,
        "candidates": candidates,
        "history": history,
        "report": lines,
    }


def forget_residents():
    mine = list(Resident.objects.filter(name__startswith="并行").values_list("pk", flat=True))
    QualityFinding.objects.filter(object_type="resident", object_id__in=mine).delete()
    DuplicateCandidate.objects.filter(resident_id__in=mine).delete()
    DuplicateCandidate.objects.filter(other_id__in=mine).delete()
    RecordChange.objects.filter(object_type="resident", object_id__in=mine).delete()
    Resident.objects.filter(pk__in=mine).delete()


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_the_second_process_gives_the_same_import_as_this_one(write_csv, users, tmp_path, monkeypatch, start):
    monkeypatch.setenv("FENGQIAO_IMPORT_START", start)
    monkeypatch.setenv("FENGQIAO_IMPORT_READER", "process")  # opt-in; the file's size then decides
    monkeypatch.setattr(importer, "BATCH_SIZE", 7)  # many batches, each with several kinds of row
    path = write_csv(mixed_rows())
    runs = []
    for parallel_from in (1 << 40, 0):  # in this process; then in the second one
        monkeypatch.setattr(importer, "PARALLEL_MIN_BYTES", parallel_from)
        report = tmp_path / f"errors-{parallel_from}.xlsx"
        result = import_file(
            kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"], report_path=str(report)
        )
        runs.append(snapshot(result, report))
        forget_residents()
    in_process, in_worker = runs
    assert in_process["result"]["rejected"] > 10 and in_process["findings"] and in_process["candidates"]
    assert in_process["residents"][0][1:3] and len(in_process["report"]) > in_process["result"]["rejected"]
    for key in in_process:
        assert in_worker[key] == in_process[key], key


def test_a_refused_file_is_refused_the_same_from_the_second_process(write_csv, users, monkeypatch):
    monkeypatch.setenv("FENGQIAO_IMPORT_READER", "process")
    monkeypatch.setattr(importer, "PARALLEL_MIN_BYTES", 0)
    result = import_file(
        kind=ImportKind.RESIDENTS, path=write_csv(mixed_rows()[:3], header="名字,身份证"), acting_user=users["officer"]
    )
    assert result.error.startswith(errors.HEADER_MISMATCH.split("{")[0]) and result.rows == 0
    assert not Resident.objects.filter(name__startswith="并行").exists()


def test_bigrams_go_to_copy_as_the_array_they_are():
    from django.db import connection

    from registry.models import Resident

    field = Resident._meta.get_field("name_bigrams")
    value = ['王"', "\\伟", "a b", "{,}", "NULL", ""]
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [field.copy_text(value)])
        assert cursor.fetchone()[0] == value
    assert field.copy_text([]) == "{}"


def test_seen_numbers_answer_as_a_set_would():
    import random

    from registry.importer import SeenNumbers

    rng = random.Random(7)
    seen, truth = SeenNumbers(), set()
    for _batch in range(40):
        for _ in range(rng.randrange(0, 30)):
            number = rng.randrange(10**17, 11 * 10**17)
            if rng.random() < 0.3 and truth:
                number = rng.choice(sorted(truth))
            met = seen.met(number, registered=True)
            assert met == (number in truth)
            if not met:  # as the importer does: a number met before is not added again
                seen.add(number)
                truth.add(number)
        seen.settle()
    assert len(seen) == len(truth) and len(seen.runs) <= 6
    assert all(seen.met(n, registered=True) for n in truth)
    assert not seen.met(10**17 - 1, registered=True)


def test_one_process_unless_the_reader_is_asked_for(write_csv, users, monkeypatch):
    """The default is one process whatever the file's size (the reader process is opt-in)."""
    monkeypatch.delenv("FENGQIAO_IMPORT_READER", raising=False)
    monkeypatch.setattr(importer, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(importer, "_prepared_in_worker", lambda path: pytest.fail("second process started"))
    result = import_file(kind=ImportKind.RESIDENTS, path=write_csv(mixed_rows()), acting_user=users["officer"])
    assert result.imported > 0
