"""The city builder for the city-scale benchmark (issue 11): a synthetic city loaded by COPY.

50 stations × 8 beats (the demo district's org tree and accounts, built through the services: community names
repeat across stations), then in bulk: a standard-address tree down to rooms (≈0.55 address nodes per
resident), ``--residents`` people with a realistic spread over beats (beat sizes vary ×0.4–×2.5), common
surnames at their real frequencies (so "王伟" is as common as in life), valid ID numbers, pinyin initials, name
bigrams and scope columns, ~0.2 % planted duplicates with their 疑似重复 rows, ~10 % quality findings, 0.2 %
special subjects, and a year of their standing tasks (≈18 per subject, closed, with two history rows each) plus
the open ones. Indexes and foreign keys are dropped during the load and rebuilt after (foreign keys NOT VALID:
the generator keeps them right), then the tables are vacuumed and analysed; last, the nightly job takes this
month's indicator snapshots (what the workbenches read).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fq_city .venv/bin/python bench/city.py --residents 200000

The HTTP benchmark (bench/city_http.py) runs on what this leaves. Deterministic for ``--seed``.
"""

from __future__ import annotations

import argparse
import bisect
import io
import itertools
import os
import random
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.city_settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fq_city")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

STATIONS, BEATS = 50, 8
AS_OF = date(2026, 11, 18)  # the suite's clock: a year of closed tasks before it
# Surnames with their share of the population (公安部 2020 户籍统计, rounded); the rest share the remainder.
SURNAMES = [
    ("王", 7.1), ("李", 7.0), ("张", 6.8), ("刘", 5.4), ("陈", 4.6), ("杨", 3.1), ("黄", 2.5), ("赵", 2.3),
    ("吴", 2.0), ("周", 1.9), ("徐", 1.7), ("孙", 1.5), ("马", 1.5), ("朱", 1.3), ("胡", 1.3), ("郭", 1.2),
    ("何", 1.2), ("林", 1.1), ("高", 1.1), ("罗", 1.0), ("郑", 1.0), ("梁", 0.9), ("谢", 0.8), ("宋", 0.8),
    ("唐", 0.8), ("许", 0.7), ("韩", 0.7), ("邓", 0.7), ("冯", 0.7), ("曹", 0.6), ("彭", 0.6), ("曾", 0.6),
    ("肖", 0.6), ("田", 0.5), ("董", 0.5), ("潘", 0.5), ("袁", 0.5), ("蔡", 0.5), ("蒋", 0.5), ("余", 0.5),
    ("于", 0.5), ("杜", 0.4), ("叶", 0.4), ("程", 0.4), ("魏", 0.4), ("苏", 0.4), ("吕", 0.4), ("丁", 0.4),
    ("任", 0.4), ("卢", 0.4), ("姚", 0.4), ("沈", 0.4), ("钟", 0.4), ("姜", 0.3), ("崔", 0.3), ("谭", 0.3),
    ("陆", 0.3), ("范", 0.3), ("汪", 0.3), ("廖", 0.3), ("石", 0.3), ("金", 0.3), ("韦", 0.3), ("贾", 0.3),
    ("夏", 0.3), ("付", 0.3), ("方", 0.3), ("邹", 0.2), ("熊", 0.2), ("白", 0.2), ("孟", 0.2), ("秦", 0.2),
    ("邱", 0.2), ("侯", 0.2), ("江", 0.2), ("尹", 0.2), ("薛", 0.2), ("闫", 0.2), ("段", 0.2), ("雷", 0.2),
    ("欧阳", 0.05), ("司马", 0.02), ("上官", 0.02),
]  # fmt: skip
# Given-name characters, commonest first, with a mild Zipf weight (the top one ≈4 % of characters, 伟 ≈1.9 %),
# a one-character given name for 30 % of people: so 王伟 is ~0.04 % of a city, as in the national register.
GIVEN = (
    "英华玉秀伟文明兰金国春红丽芳军建平海云强燕霞志德梅敏林杰永丽斌宁飞涛辉鹏娟静丹健超勇波刚磊俊峰亮琴"
    "凤洁桂凯晶雪荣婷慧颖鑫浩宇晨欣怡轩涵雨桐嘉琪诗雅思佳博然航豪龙庆新成东武光清立兵红萍莉佩淑蓉翠珍"
    "琳瑞祥福贵山川江河生福宝安泰顺利发达和善美香彩凤娜莹倩薇媛蕾璐瑶娅妍茜晓璇雯洋阳昊哲睿晗铭泽熙"
    "锦瑾瑜诚信仁义礼智胜利铁石松柏竹菊荷莲"
)
GIVEN = "".join(dict.fromkeys(GIVEN))
ROADS = ["人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "胜利路", "长江路", "黄河路", "东风路", "工业路"]
COMPOUNDS = ["花园", "新村", "家园", "小区", "苑", "公寓", "名都", "雅居", "嘉园", "华庭"]
REGIONS = ["320505", "320506", "320507", "320508", "321002", "320583", "320585", "341221", "342225", "412726"]
POPULATION = ["registered"] * 6 + ["floating"] * 3 + ["separated"]
RELATIONS = ["head", "spouse", "child", "parent", "tenant", "lodger"]
NULL = "\\N"
DUPLICATE_REASONS = '["身份证号相差一位", "姓名相同", "出生日期相同"]'
SUBJECT_CATEGORIES = ["drug_user", "released_prisoner", "threat", "mental_patient", "bail", "dv_perpetrator"]


def say(msg: str, started: float) -> None:
    print(f"  {time.perf_counter() - started:7.1f} s  {msg}", flush=True)


def raw():
    """The psycopg connection under Django's (COPY and set-wise SQL)."""
    connection.ensure_connection()
    return connection.connection


@contextmanager
def bare(tables: list[str]):
    """Drop the tables' secondary indexes, unique and foreign-key constraints for a bulk load; rebuild them after
    (indexes in parallel with a large sort budget, foreign keys NOT VALID — the generator keeps them right)."""
    conn = raw()
    with conn.cursor() as cur:
        cur.execute(
            """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
               FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY(%s) AND c.contype IN ('u', 'f')""",
            [tables],
        )
        constraints = cur.fetchall()
        cur.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
               WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [tables],
        )
        indexes = cur.fetchall()
        for table, name, _definition, _kind in constraints:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cur.execute(f"DROP INDEX {name}")
    conn.commit()
    yield
    with conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        for table, name, definition, kind in constraints:
            if kind == "u":
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cur.execute(definition)
        for table, name, definition, kind in constraints:
            if kind == "f":
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition} NOT VALID')
    conn.commit()


def copy_sql(table: str, columns: list[str]) -> str:
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN"


class Sink:
    """Lines into a COPY stream, sent in ~1 MB pieces; counts them."""

    def __init__(self, stream):
        self.stream, self.parts, self.size, self.lines = stream, [], 0, 0

    def write(self, line: str) -> None:
        self.parts.append(line)
        self.size += len(line)
        self.lines += 1
        if self.size > 1 << 20:
            self.stream.write("".join(self.parts))
            self.parts, self.size = [], 0

    def close(self) -> int:
        self.stream.write("".join(self.parts))
        self.parts = []
        return self.lines


def copy(table: str, columns: list[str], lines) -> int:
    """COPY text lines (tab-separated, no escaping needed: the generator makes no tabs or backslashes)."""
    conn = raw()
    count = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
        buffer = io.StringIO()
        for line in lines:
            buffer.write(line)
            count += 1
            if count % 20_000 == 0:
                out.write(buffer.getvalue())
                buffer = io.StringIO()
        out.write(buffer.getvalue())
    return count


def with_defaults(model, columns: list[str]) -> tuple[list[str], str]:
    """The model's other NOT NULL columns and their defaults, as a tail for each COPY line, so the load keeps
    working when a module adds a column."""
    extra, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in columns or field.null or field.primary_key:
            continue
        default = field.get_default()
        if isinstance(default, bool):
            text = "t" if default else "f"
        elif isinstance(default, (list, dict)):
            text = "[]" if isinstance(default, list) else "{}"
            if field.db_type(connection).endswith("[]"):
                text = "{}"
        else:
            text = str(default)
        extra.append(field.column)
        values.append(text)
    return [*columns, *extra], "".join("\t" + v for v in values)


def sql(statement: str, params=None) -> int:
    conn = raw()
    with conn.cursor() as cur:
        cur.execute(statement, params)
        rows = cur.rowcount
    conn.commit()
    return rows


def next_id(table: str, count: int) -> int:
    """Reserve ``count`` ids of the table's identity sequence; returns the first."""
    conn = raw()
    with conn.cursor() as cur:
        cur.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
        sequence = cur.fetchone()[0]
        cur.execute("SELECT nextval(%s)", [sequence])
        first = cur.fetchone()[0]
        cur.execute("SELECT setval(%s, %s)", [sequence, first + count])
    conn.commit()
    return first


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643-1999


def fast_check_digit(body17: str) -> str:
    """GB 11643 check digit (what fengqiao.identity.check_digit computes through stdnum, 20× faster)."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


class Names:
    """Names drawn at real surname frequencies and Zipf given-name characters, with cached initials."""

    def __init__(self, rng: random.Random):
        from registry.services import name_initials

        self.rng = rng
        surnames, weights = zip(*SURNAMES, strict=True)
        self.surnames = surnames
        self.surname_cum = list(itertools.accumulate(weights))
        self.given_cum = list(itertools.accumulate(1 / (k + 1) ** 0.5 for k in range(len(GIVEN))))
        # The service's own function, per character (a city has ~10^5 distinct names; a few phrase-dependent
        # readings may differ from a whole-name conversion, which does not matter to what is measured).
        self.char_initials = {c: name_initials(c) for c in {*GIVEN, *"".join(surnames)}}

    def initials(self, name: str) -> str:
        return "".join(map(self.char_initials.__getitem__, name))

    def _pick(self, cumulative, items):
        return items[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    def draw(self) -> str:
        given = self._pick(self.given_cum, GIVEN)
        if self.rng.random() < 0.7:
            given += self._pick(self.given_cum, GIVEN)
        return self._pick(self.surname_cum, self.surnames) + given


ADDRESS_COLUMNS = ["id", "parent_id", "level", "name", "code", "full_text", "org_unit_id", "grid_id", "created_at",
                   "scope_path", "station_id"]  # fmt: skip
RESIDENT_COLUMNS = ["id", "name", "id_number", "id_prefix", "gender", "birth_date", "ethnicity", "phone",
                    "population_type", "address_id", "address_text", "house_relation", "household_address", "labels",
                    "org_unit_id", "name_initials", "created_at", "updated_at", "scope_path", "station_id",
                    "name_bigrams"]  # fmt: skip


def build(residents: int, seed: int = 2026) -> dict:
    from accounts.demo import build_demo_district
    from org.models import OrgUnit, OrgUnitKind
    from registry.models import Address, Resident

    started = time.perf_counter()
    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    say("migrated", started)
    build_demo_district(stations=STATIONS, beats_per_station=BEATS, seed=seed)
    say(f"org tree and accounts: {OrgUnit.objects.count()} units", started)

    beats = list(OrgUnit.objects.filter(kind=OrgUnitKind.BEAT).order_by("path"))
    communities: dict[int, list[OrgUnit]] = {}
    for c in OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNITY).order_by("path"):
        communities.setdefault(c.parent_id, []).append(c)
    grids: dict[int, list[int]] = {}
    for g in OrgUnit.objects.filter(kind=OrgUnitKind.GRID).order_by("path"):
        grids.setdefault(g.parent_id, []).append(g.pk)
    station_names = {s.pk: s.name.removesuffix("派出所") for s in OrgUnit.objects.filter(kind=OrgUnitKind.STATION)}
    # Beat sizes vary (a town-centre beat holds several times a rural one); the demo officer's beat is a typical one.
    weights = [rng.lognormvariate(0, 0.45) for _ in beats]
    weights[0] = sum(weights) / len(weights)
    total = sum(weights)
    per_beat = [max(50, round(residents * w / total)) for w in weights]
    per_beat[-1] += residents - sum(per_beat)

    address_columns, address_tail = with_defaults(Address, ADDRESS_COLUMNS)
    resident_columns, resident_tail = with_defaults(Resident, RESIDENT_COLUMNS)
    generator = Generator(rng, residents, address_tail, resident_tail)
    with bare(["registry_address", "registry_resident"]):
        # Two COPY streams on two connections: the server parses one beat's rows while Python makes the next.
        second = connection.get_new_connection(connection.get_connection_params())
        second.autocommit = True
        with raw().cursor() as a, second.cursor() as r:
            with a.copy(copy_sql("registry_address", address_columns)) as to_addresses, \
                    r.copy(copy_sql("registry_resident", resident_columns)) as to_residents:  # fmt: skip
                generator.open({"addresses": Sink(to_addresses), "residents": Sink(to_residents)})
                for beat_index, (beat, count) in enumerate(zip(beats, per_beat, strict=True)):
                    generator.beat(beat, count, station_names[beat.station_id], communities.get(beat.pk) or [beat],
                                   grids, beat_index)  # fmt: skip
                    if beat_index % 50 == 49:
                        say(f"generated and sent {beat_index + 1} beats", started)
                generator.close()
        second.close()
        n_addresses, n_residents = generator.sent["addresses"], generator.sent["residents"]
        say(f"COPY {n_addresses} addresses, {n_residents} residents", started)
    say("indexes and constraints rebuilt (registry_address, registry_resident)", started)
    counts = {"addresses": n_addresses, "residents": n_residents}
    counts.update(load_related(generator.duplicates, started))
    sql("VACUUM ANALYZE")  # visibility map for index-only scans, planner statistics
    say("VACUUM ANALYZE", started)
    counts["snapshot_seconds"] = nightly_snapshots(started)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def nightly_snapshots(started: float) -> float:
    """What a city has after its first night: the indicator snapshots of every beat, station, sub-bureau and the
    city for this month, taken by the nightly job's own function (ops schedule ``indicator_snapshots``). The
    workbenches and indicator pages read them (ADR 0010); without them they compute live (slow at city scale —
    measured separately). Returns the job's seconds: the nightly job at this size."""
    from django.utils import timezone

    from metrics.services import indicator_snapshot_day

    begun = time.perf_counter()
    rows = indicator_snapshot_day(timezone.localdate())
    seconds = round(time.perf_counter() - begun, 1)
    say(f"nightly indicator snapshots: {rows} rows in {seconds} s", started)
    return seconds


class Generator:
    """Writes the address tree and the people of one beat at a time into two COPY streams."""

    def __init__(self, rng: random.Random, residents: int, address_tail: str, resident_tail: str):
        from fengqiao.identity import check_digit
        from fengqiao.search import bigrams

        assert all(fast_check_digit(b) == check_digit(b) for b in ("32050519800101001", "11010519491231002"))
        self.rng = rng
        self.names = Names(rng)
        self.bigrams = bigrams
        self.address_tail, self.resident_tail = address_tail, resident_tail
        self.aid = itertools.count(next_id("registry_address", int(residents * 0.6) + 40_000))
        self.rid = itertools.count(next_id("registry_resident", residents + residents // 100))
        self.seq_of: dict[tuple[str, int], int] = {}
        self.base_day = date(1940, 1, 1)
        self.days = [(self.base_day + timedelta(days=d)) for d in range(30_000)]
        self.day_text = [(d.strftime("%Y%m%d"), d.isoformat()) for d in self.days]
        self.duplicates: list[tuple[int, int, str, int]] = []
        self.now = "2026-11-01 09:00:00+08"

    def open(self, sinks: dict) -> None:
        self.out = sinks
        self.city = None
        self.subdistricts: dict[str, int] = {}

    def close(self) -> None:
        self.sent = {key: sink.close() for key, sink in self.out.items()}

    def address(self, parent, level, name, code, full, beat, grid) -> int:
        pk = next(self.aid)
        self.out["addresses"].write(
            f"{pk}\t{parent or NULL}\t{level}\t{name}\t{code}\t{full}\t{beat.pk}\t{grid or NULL}\t{self.now}\t"
            f"{beat.path}\t{beat.station_id}{self.address_tail}\n"
        )
        return pk

    def id_number(self, region: str, day: int, male: bool) -> tuple[str, str]:
        """A unique, valid number: region + birth date + the next free sequence of that pair (odd for men)."""
        key = (region, day)
        n = self.seq_of.get(key, 0)
        self.seq_of[key] = n + 1
        seq = n * 2 + (1 if male else 0)
        if seq > 999:
            return "", ""
        compact, born = self.day_text[day]
        body = f"{region}{compact}{seq:03d}"
        return body + fast_check_digit(body), born

    def beat(self, beat, count: int, station: str, communities, grids, beat_index: int) -> None:
        if self.city is None:
            self.city = self.address(None, 1, "江枫市", "CITY", "江枫市", beat, None)
        district = f"江枫市{station}区"
        if station not in self.subdistricts:
            self.subdistricts[station] = self.address(self.city, 2, f"{station}街道", f"S{beat.station_id}",
                                                      f"{district}{station}街道", beat, None)  # fmt: skip
        subdistrict = self.subdistricts[station]
        homes = self.rooms(beat, district, station, subdistrict, communities, grids, beat_index,
                           max(1, round(count / 2.2)))  # fmt: skip
        placed, home = 0, 0
        while placed < count:
            address_id, text = homes[home % len(homes)]
            home += 1
            for _ in range(min(count - placed, self.rng.choice((1, 2, 2, 3, 3, 4)))):
                placed += self.person(beat, address_id, text, count - placed)

    def rooms(self, beat, district, station, subdistrict, communities, grids, beat_index, needed) -> list:
        homes: list[tuple[int, str]] = []
        for c_index, community in enumerate(communities):
            grid_ids = grids.get(community.pk) or [None]
            prefix = f"{district}{station}街道{community.name}"
            comm = self.address(subdistrict, 3, community.name, f"C{community.pk}", prefix, beat, None)
            share = needed // len(communities) + (1 if c_index < needed % len(communities) else 0)
            made, road_no = 0, 0
            while made < share:
                road_name = ROADS[(beat_index + road_no) % len(ROADS)]
                road = self.address(comm, 4, road_name, f"R{community.pk}-{road_no}", prefix + road_name, beat, None)
                for door_no in range(1, 9):
                    if made >= share:
                        break
                    key = f"{community.pk}-{road_no}-{door_no}"
                    door_text = f"{prefix}{road_name}{door_no * 2}号"
                    door = self.address(road, 5, f"{door_no * 2}号", f"D{key}", door_text, beat, None)
                    compound_name = f"{community.name.removesuffix('社区')}{COMPOUNDS[(door_no + road_no) % 10]}"
                    compound_text = door_text + compound_name
                    compound = self.address(door, 6, compound_name, f"P{key}", compound_text, beat, None)
                    for building_no in range(1, 21):
                        if made >= share:
                            break
                        grid = grid_ids[building_no % len(grid_ids)]
                        b_text = f"{compound_text}{building_no}栋"
                        code = f"B{key}-{building_no}"
                        building = self.address(compound, 7, f"{building_no}栋", code, b_text, beat, grid)
                        for unit_no in (1, 2):
                            u_text = f"{b_text}{unit_no}单元"
                            unit = self.address(building, 8, f"{unit_no}单元", f"{code}-{unit_no}", u_text, beat,
                                                grid)  # fmt: skip
                            for floor in range(1, 7):
                                for door_on_floor in (1, 2):
                                    room = f"{floor}0{door_on_floor}室"
                                    pk = self.address(unit, 9, room, f"{code}-{unit_no}-{room}", u_text + room,
                                                      beat, grid)  # fmt: skip
                                    homes.append((pk, u_text + room))
                                    made += 1
                road_no += 1
        return homes

    def person(self, beat, address_id: int, text: str, room_left: int) -> int:
        """One resident (and, now and then, a typing slip entered as a second one); returns how many."""
        rng = self.rng
        name = self.names.draw()
        male = rng.random() < 0.51
        region = REGIONS[int(rng.random() ** 2 * len(REGIONS))]
        day = rng.randrange(0, 30_000)
        number, born = self.id_number(region, day, male)
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}" if rng.random() < 0.92 else ""
        pk = self._write(beat, name, number, born, male, phone, address_id, text)
        if number and room_left > 1 and rng.random() < 0.002:
            slip, _ = self.id_number(region, day, male)
            if slip:
                twin = self._write(beat, name, slip, born, male, "", address_id, text)
                self.duplicates.append((twin, pk, beat.path, beat.station_id))
                return 2
        return 1

    def _write(self, beat, name, number, born, male, phone, address_id, text) -> int:
        pk = next(self.rid)
        self.out["residents"].write(
            f"{pk}\t{name}\t{number or NULL}\t{number[:14]}\t{'male' if male else 'female'}\t{born or NULL}\t汉族\t"
            f"{phone}\t{POPULATION[pk % 10]}\t{address_id}\t{text}\t{RELATIONS[pk % 6]}\t{text}\t[]\t{beat.pk}\t"
            f"{self.names.initials(name)}\t{self.now}\t{self.now}\t{beat.path}\t{beat.station_id}\t"
            f"{{{','.join(self.bigrams(name))}}}{self.resident_tail}\n"
        )
        return pk


def load_related(duplicates: list[tuple[int, int, str, int]], started: float) -> dict:
    """Duplicates, findings, subjects and a year of tasks, set-wise in SQL from the residents just loaded."""
    counts = {}
    with bare(["registry_duplicatecandidate", "registry_qualityfinding", "subjects_specialsubject", "tasks_task",
               "tasks_taskevent"]):  # fmt: skip
        counts["duplicates"] = copy(
            "registry_duplicatecandidate",
            ["resident_id", "other_id", "reasons", "score", "status", "created_at", "scope_path", "station_id"],
            (
                f"{a}\t{b}\t{DUPLICATE_REASONS}\t0.92\topen\t2026-11-01 09:00+08\t{path}\t{station}\n"
                for a, b, path, station in duplicates
            ),
        )
        # ~10 % of people have an open finding; a fifth of those were closed earlier in the year.
        counts["findings"] = sql(
            """INSERT INTO registry_qualityfinding (kind, object_type, object_id, object_label, detail, org_unit_id,
                   status, outcome, closed_at, created_at, scope_path, station_id)
               SELECT (ARRAY['missing_required', 'unmatched_address', 'id_region_unknown', 'missing_required'])
                          [1 + id % 4], 'resident', id, name, '采集清单项目缺失：联系电话', org_unit_id,
                      CASE WHEN id % 50 < 1 THEN 'closed' ELSE 'open' END,
                      CASE WHEN id % 50 < 1 THEN '已核实补录' ELSE '' END,
                      CASE WHEN id % 50 < 1 THEN timestamptz '2026-06-01 10:00+08' END,
                      timestamptz '2026-01-10 10:00+08' + (id % 300) * interval '1 day', scope_path, station_id
               FROM registry_resident WHERE id % 10 = 3"""
        )
        counts["subjects"] = sql(
            """INSERT INTO subjects_specialsubject (resident_id, category, org_unit_id, status, facts, started_on,
                   risk_level, risk_score, risk_reasons, effective_on, created_at, updated_at, scope_path,
                   station_id)
               SELECT id, (%s::text[])[1 + id %% 6], org_unit_id, 'active', '{}', date '2025-06-01' + (id %% 500)::int,
                      (ARRAY['low', 'low', 'medium', 'high'])[1 + id %% 4], 10 + id %% 60, '[]',
                      date '2025-06-01' + (id %% 500)::int, now(), now(), scope_path, station_id
               FROM registry_resident WHERE id %% 500 = 7""",
            [SUBJECT_CATEGORIES],
        )
        sql(
            "UPDATE registry_resident r SET labels = jsonb_build_array('特定对象·' || s.category) "
            "FROM subjects_specialsubject s WHERE s.resident_id = r.id"
        )
        # A year of standing tasks per subject (visit every 3 weeks or so), closed, plus the next two open ones.
        counts["tasks"] = sql(
            """INSERT INTO tasks_task (kind, title, description, template_id, status, org_unit_id, assignee_id,
                   source, obligation_code, record_type, record_id, record_label, occurrence_key, start_on, due_on,
                   remind_before_days, escalate_after_days, created_at, dispatched_at, closed_at, done_on, feedback,
                   close_reason, scope_path, station_id)
               SELECT 'standing', '走访：' || r.name, '', t.id,
                      CASE WHEN k <= 18 THEN 'closed' ELSE 'dispatched' END,
                      s.org_unit_id, a.user_id, '规范001 第四十一条', 'city_bench_visit', 'special_subject',
                      'S' || s.id, r.name, 'k' || k, due - 14, due, 1, 1, now(), now(),
                      CASE WHEN k <= 18 THEN due::timestamptz - interval '2 days' END,
                      CASE WHEN k <= 18 THEN due - 2 END, '{}', '', s.scope_path, s.station_id
               FROM subjects_specialsubject s
               JOIN registry_resident r ON r.id = s.resident_id
               CROSS JOIN generate_series(1, 20) k
               CROSS JOIN LATERAL (SELECT %s::date - 365 + k * 20 + (s.id %% 7)::int AS due) d
               CROSS JOIN (SELECT id FROM tasks_tasktemplate ORDER BY code LIMIT 1) t
               LEFT JOIN LATERAL (SELECT user_id FROM accounts_roleassignment ra
                                  WHERE ra.org_unit_id = s.org_unit_id AND ra.role = 'officer' LIMIT 1) a ON true""",
            [AS_OF],
        )
        counts["task_events"] = sql(
            """INSERT INTO tasks_taskevent (task_id, action, actor_id, note, at)
               SELECT id, e.action, assignee_id, e.note, coalesce(closed_at, created_at)
               FROM tasks_task CROSS JOIN (VALUES ('rules_create', '依规则生成并自动派发给警务区社区民警'),
                                                  ('close', '反馈办结')) e(action, note)
               WHERE status = 'closed' OR e.action = 'rules_create'"""
        )
    say(f"related rows: {counts}", started)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(f"building a city of {args.residents} residents in {connection.settings_dict['NAME']}", flush=True)
    print(build(args.residents, args.seed))


if __name__ == "__main__":
    main()
