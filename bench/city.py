"""The city builder for the city-scale benchmark (issue 11): a synthetic city loaded by COPY.

50 stations × 8 beats (the demo district's org tree and accounts, built through the services: community names
repeat across stations), then in bulk: a standard-address tree down to rooms (≈0.55 address nodes per
resident), ``--residents`` people with a realistic spread over beats (beat sizes vary ×0.4–×2.5), common
surnames at their real frequencies (so "王伟" is as common as in life), valid ID numbers, pinyin initials, name
bigrams and scope columns, ~0.2 % planted duplicates with their 疑似重复 rows, ~10 % quality findings, 0.2 %
special subjects, and a year of their standing tasks (≈18 per subject, closed, with two history rows each) plus
the open ones. Indexes and foreign keys are dropped during the load and rebuilt after (foreign keys NOT VALID:
the generator keeps them right). Then the other modules' records, set-wise from the residents (``load_modules``,
rates per 1 000 residents at the top of it): ≈20 registered units, a third of them 场所行业 with a year of
inspections, hazards and re-inspections; a year of ≈6 disputes (parties, timeline, agreements), ≈3 incidents
(people involved, on-scene log), ≈10 leads (history) and ≈5 service requests, most closed. Then the tables are
vacuumed and analysed; last, the nightly job takes this month's indicator snapshots (what the workbenches read).

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
    counts.update(load_modules(started))
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


# ---------------------------------------------------------------- the other modules' records (issue 11)

# Rates per 1 000 residents, each picked by a fixed residue of the resident id (so proportional to --residents and
# deterministic); a record takes its beat, scope columns, address and people from the residents it is drawn from.
ORGANIZATIONS_EVERY = 50  # 实有单位 ≈20 per 1 000 residents: shops, firms, venues (a town's business register)
TRADE_SHARE = 3  # every third unit is a 场所行业 unit with its supervision facts (≈ a third supervised, 第六十七条)
INSPECTIONS_PER_UNIT = 2  # a year of inspections ≈2 per supervised unit (第六十二条: at least once a half-year)
HAZARD_EVERY = 7  # ≈1 inspection in 7 finds a hazard (责令限期整改), most rectified and re-inspected
DISPUTES_EVERY = 167  # 矛盾纠纷 ≈6 per 1 000 residents a year, two parties each
AGREEMENT_EVERY = 5  # ≈1 dispute in 5 ends in a 治安调解 agreement
INCIDENTS_EVERY = 333  # 案事件 ≈3 per 1 000 residents a year, with the people involved
LEADS_EVERY = 100  # 社情民意与线索 ≈10 per 1 000 residents a year
REQUESTS_EVERY = 200  # 群众诉求 ≈5 per 1 000 residents a year
NAME_PREFIXES = ["恒泰", "华联", "永盛", "鑫源", "金鼎", "宏达", "顺发", "新世纪", "东方", "明珠", "天成", "瑞丰",
                 "佳美", "国泰", "福临", "宝丰", "盛世", "安居", "同心", "长青"]  # fmt: skip
# Non-trade units by registry category, with the ending of their names.
PLAIN_UNITS = [("enterprise", "贸易有限公司"), ("shop", "便利店"), ("shop", "餐饮店"), ("enterprise", "科技有限公司"),
               ("shop", "五金店"), ("other", "物业服务中心"), ("institution", "社区卫生服务站"), ("school", "幼儿园"),
               ("enterprise", "建材有限公司"), ("hospital", "诊所")]  # fmt: skip
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 check character (the body here is all digits)
USCC_WEIGHTS = "ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]"
TZ = "Asia/Shanghai"


def _text_array(values) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _day(key: str) -> str:
    """Days before AS_OF, spread over the year (the current month included) by a hash of ``key``."""
    return f"((({key}) * 7919 % 365)::int)"


def _at(day: str, hour: str) -> str:
    """A local time on a day ``day`` days before AS_OF, as timestamptz."""
    return f"(((date '{AS_OF}' - {day}::int) + make_interval(hours => ({hour})::int))::timestamp AT TIME ZONE '{TZ}')"


OFFICER_OF = (
    "LEFT JOIN LATERAL (SELECT user_id FROM accounts_roleassignment ra WHERE ra.org_unit_id = {beat} "
    "AND ra.role = 'officer' ORDER BY ra.id LIMIT 1) o ON true"
)


def load_modules(started: float) -> dict:
    """Registered units with their supervision, a year of inspections, hazards and re-inspections, disputes with
    their parties, timeline and agreements, incidents with the people involved and the on-scene log, leads with
    their history, and service requests — set-wise from the residents loaded, with the fields, scope columns and
    states their services write (no rules tasks: the task table already holds a year of tasks). Ids are reserved
    so a child row finds its parent's resident by arithmetic."""
    from inspections.catalogue import CHECKLIST, TRADE_GROUP_BY_CODE, TRADE_TYPES
    from outreach.catalogue import TYPE_BY_CODE

    counts: dict[str, int] = {}
    conn = raw()
    with conn.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM registry_resident")
        top = cur.fetchone()[0]
        cur.execute("SELECT user_id FROM accounts_roleassignment WHERE role = 'control_centre' ORDER BY id LIMIT 1")
        control = (cur.fetchone() or ["NULL"])[0]

    # 实有单位: every ORGANIZATIONS_EVERY-th resident runs one at home (its room address; the legal representative).
    m = ORGANIZATIONS_EVERY
    org_base = next_id("registry_organization", top // m + 1)
    trades = [(code, TRADE_GROUP_BY_CODE[group]["category"], label) for code, group, label in TRADE_TYPES]
    k = f"(r.id / {m})"
    day = _day(k)
    trade = f"({k} % {TRADE_SHARE} = 0)"
    pick_trade = f"1 + ({k} / {TRADE_SHARE}) % {len(trades)}"
    pick_plain = f"1 + {k} % {len(PLAIN_UNITS)}"
    category = (f"CASE WHEN {trade} THEN ({_text_array(t[1] for t in trades)})[{pick_trade}] "
                f"ELSE ({_text_array(p[0] for p in PLAIN_UNITS)})[{pick_plain}] END")  # fmt: skip
    ending = (f"CASE WHEN {trade} THEN ({_text_array(t[2] for t in trades)})[{pick_trade}] "
              f"ELSE ({_text_array(p[1] for p in PLAIN_UNITS)})[{pick_plain}] END")  # fmt: skip
    counts["organizations"] = sql(
        f"""INSERT INTO registry_organization (id, name, uscc, address_id, address_text, category, is_key_unit,
                legal_representative, legal_phone, security_contact, security_phone, staff_count, org_unit_id,
                is_active, created_at, updated_at, scope_path, station_id)
            SELECT {org_base} + {k}, ({_text_array(NAME_PREFIXES)})[1 + ({k} / 7) % {len(NAME_PREFIXES)}] || {ending},
                   body || substr('{USCC_ALPHABET}', 1 + (31 - (SELECT sum(substr(body, i, 1)::int
                       * ({USCC_WEIGHTS})[i]) FROM generate_series(1, 17) i)::int % 31) % 31, 1),
                   r.address_id, r.address_text, cat, cat IN ('school', 'hospital', 'institution')
                       OR (cat = 'hazardous_material'), r.name, r.phone, r.name, r.phone, 3 + {k} % 40, r.org_unit_id,
                   {k} % 40 <> 7, {_at(day, "10")}, {_at(day, "10")}, r.scope_path, r.station_id
            FROM registry_resident r
            CROSS JOIN LATERAL (SELECT {category} AS cat,
                                       (CASE WHEN {trade} THEN '92' ELSE '91' END) || '320505'
                                       || lpad({k}::text, 9, '0') AS body) c
            WHERE r.id % {m} = 11"""
    )
    # 监督管理信息 of the 场所行业 units: 本所, their 第六十八条 type, licence or filing.
    counts["supervisions"] = sql(
        f"""INSERT INTO inspections_supervision (organization_id, supervised_by, trade_type, licence_number,
                licence_on, filing_number, filing_on, key_parts, updated_at)
            SELECT o.id, 'station', ({_text_array(t[0] for t in trades)})[1 + ((o.id - {org_base}) / {TRADE_SHARE})
                   % {len(trades)}], 'XK' || o.id, date '2020-03-01' + (o.id % 1500)::int, '', NULL,
                   '收银台、监控室', now()
            FROM registry_organization o
            WHERE o.id >= {org_base} AND (o.id - {org_base}) % {TRADE_SHARE} = 0"""
    )
    # A year of inspections of the supervised units, by the beat officer with the beat's auxiliary, every checklist
    # item answered (第五十八条; + 第五十九条 for key units; + 第六十九条 for trade units).
    items = {applies: [i.code for i in CHECKLIST if i.applies == applies] for applies in ("all", "key_unit", "trade")}
    counts["inspections"] = sql(
        f"""INSERT INTO inspections_inspection (organization_id, org_unit_id, kind, trigger, inspected_on, inspector_id,
                assistant_id, recorder_ref, key_unit, trade_unit, answers, situation, serious, completed_tasks,
                created_at, scope_path, station_id)
            SELECT o.id, o.org_unit_id, CASE WHEN n = 1 THEN 'regular' ELSE (ARRAY['regular', 'ad_hoc', 'special'])
                       [1 + o.id % 3] END, 'standing', d.day, o2.user_id, a.id, 'DSJ-' || o.id || '-' || n,
                   o.is_key_unit, true,
                   (SELECT jsonb_object_agg(code, jsonb_build_object('ok', true, 'note', '')) FROM unnest(
                       {_text_array(items["all"])} || {_text_array(items["trade"])}
                       || CASE WHEN o.is_key_unit THEN {_text_array(items["key_unit"])} ELSE '{{}}'::text[] END) code),
                   '', false, '[]', (d.day + time '16:00') AT TIME ZONE '{TZ}', o.scope_path, o.station_id
            FROM registry_organization o
            JOIN inspections_supervision s ON s.organization_id = o.id AND o.is_active
            CROSS JOIN generate_series(1, {INSPECTIONS_PER_UNIT}) n
            CROSS JOIN LATERAL (SELECT date '{AS_OF}' - ((o.id * 37 + n * 173) % 182 + (n - 1) * 182)::int AS day) d
            {OFFICER_OF.format(beat="o.org_unit_id").replace(" o ON", " o2 ON")}
            CROSS JOIN LATERAL (SELECT id FROM org_staff st WHERE st.org_unit_id = o.org_unit_id
                                AND st.kind = 'auxiliary' ORDER BY st.id LIMIT 1) a"""
    )
    # Hazards: one failed item (第五十八条(三)) turned into 责令限期整改 with a 约谈 (trade units), deadline 15 days on;
    # those past their deadline re-inspected and rectified, the rest open.
    sql(
        f"""UPDATE inspections_inspection SET answers = jsonb_set(answers, '{{art58_3}}',
                '{{"ok": false, "note": "巡逻检查记录不全，监控存储不足30日"}}'), situation = '检查14项，不合格1项'
            WHERE id % {HAZARD_EVERY} = 3"""
    )
    counts["hazards"] = sql(
        f"""INSERT INTO inspections_hazard (inspection_id, organization_id, org_unit_id, item_code, description,
                requirement, legal_basis, warning, decided_at, original_deadline, deadline, interviewee,
                interview_note, status, filed_at, closed_on, decided_by_id, notice_id, created_at, scope_path,
                station_id)
            SELECT i.id, i.organization_id, i.org_unit_id, 'art58_3', '巡逻检查记录不全，监控存储不足30日',
                   '完善巡逻检查登记，监控录像存储不少于30日', '规范001 第五十八条(三)、规范001 第六十一条',
                   i.id % 3 = 0, (i.inspected_on + time '16:30') AT TIME ZONE '{TZ}', i.inspected_on + 15,
                   i.inspected_on + 15, org.security_contact, '已约谈治安保卫负责人，明确整改要求',
                   CASE WHEN i.inspected_on + 15 < date '{AS_OF}' AND i.id % 4 <> 0 THEN 'rectified' ELSE 'open' END,
                   (i.inspected_on + time '18:00') AT TIME ZONE '{TZ}',
                   CASE WHEN i.inspected_on + 15 < date '{AS_OF}' AND i.id % 4 <> 0 THEN i.inspected_on + 13 END,
                   i.inspector_id, NULL, i.created_at, i.scope_path, i.station_id
            FROM inspections_inspection i JOIN registry_organization org ON org.id = i.organization_id
            WHERE i.id % {HAZARD_EVERY} = 3"""
    )
    counts["reinspections"] = sql(
        """INSERT INTO inspections_reinspection (hazard_id, reinspected_on, on_request, inspector_id, assistant_id,
                recorder_ref, result, situation, escalation, escalated_to, escalation_note, deadline_in_force,
                created_at, scope_path, station_id)
            SELECT h.id, h.closed_on, false, i.inspector_id, i.assistant_id, i.recorder_ref || '-F', 'rectified',
                   '已按要求整改', '', '', '', h.deadline, (h.closed_on + time '15:00') AT TIME ZONE 'Asia/Shanghai',
                   h.scope_path, h.station_id
            FROM inspections_hazard h JOIN inspections_inspection i ON i.id = h.inspection_id
            WHERE h.status = 'rectified'"""
    )
    say(f"units and inspections: {counts}", started)

    # 矛盾纠纷: at a resident's home, the resident and a neighbour as parties; most resolved after a few days.
    m = DISPUTES_EVERY
    k = f"(r.id / {m})"
    base = next_id("casework_dispute", top // m + 1)
    day = _day(k)
    resolved = f"(({day} > 45 OR {k} % 2 = 0) AND {k} % 10 <> 1)"  # ≈15 % open
    counts["disputes"] = sql(
        f"""INSERT INTO casework_dispute (id, beat_id, domain, source, summary, address_id, place_text, occurred_at,
                reported_at, risk_level, risk_reasons, risk_note, is_police_matter, is_major, status, intervened_on,
                escalation_flagged_at, resolved_on, resolution, repeat_of_id, recorded_by_id, created_at, updated_at,
                scope_path, station_id)
            SELECT {base} + r.id / {m}, r.org_unit_id,
                   (ARRAY['neighbour', 'family', 'marriage', 'debt', 'neighbour', 'other'])[1 + {k} % 6],
                   (ARRAY['call', 'visit', 'grid', 'call', 'lead'])[1 + {k} % 5],
                   '因噪音、漏水等琐事发生争执，双方情绪激动', r.address_id, r.address_text,
                   {_at(day, f"8 + {k} % 10")}, {_at(day, f"9 + {k} % 10")},
                   (ARRAY['low', 'low', 'medium', 'high'])[1 + {k} % 4], '[]', '', true, false,
                   CASE WHEN {resolved} THEN 'resolved' ELSE 'open' END, date '{AS_OF}' - {day}::int, NULL,
                   CASE WHEN {resolved} THEN date '{AS_OF}' - {day}::int + least({day}, 2 + {k} % 9)::int END,
                   CASE WHEN {resolved} THEN '经现场调处，双方达成谅解' ELSE '' END, NULL, o.user_id,
                   {_at(day, f"10 + {k} % 10")}, {_at(day, f"10 + {k} % 10")}, r.scope_path, r.station_id
            FROM registry_resident r {OFFICER_OF.format(beat="r.org_unit_id")}
            WHERE r.id % {m} = 5"""
    )
    of_dispute = f"JOIN registry_resident r ON r.id = (d.id - {base}) * {m} + 5"
    counts["dispute_parties"] = sql(
        f"""INSERT INTO casework_disputeparty (dispute_id, resident_id, name, phone, role, subject_concern, marking_id,
                note, scope_path, station_id)
            SELECT d.id, p.id, p.name, p.phone, 'party', '', NULL, '', d.scope_path, d.station_id
            FROM casework_dispute d {of_dispute}
            CROSS JOIN LATERAL (SELECT r.id, r.name, r.phone UNION ALL
                                SELECT n.id, n.name, n.phone FROM registry_resident n
                                WHERE n.id = r.id + 1 AND n.org_unit_id = r.org_unit_id) p
            WHERE d.id >= {base}"""
    )
    counts["dispute_actions"] = sql(
        f"""INSERT INTO casework_disputeaction (dispute_id, kind, done_at, target, outcome, note, recorded_by_id,
                created_at, scope_path, station_id)
            SELECT d.id, a.kind, CASE WHEN a.kind = 'resolved' THEN (d.resolved_on + time '12:00') AT TIME ZONE
                       '{TZ}' ELSE d.reported_at + interval '1 hour' END, '',
                   CASE WHEN a.kind = 'onsite' THEN CASE WHEN d.status = 'resolved' THEN 'success' ELSE 'failure' END
                        ELSE '' END,
                   CASE WHEN a.kind = 'resolved' THEN d.resolution ELSE '现场调处，开展法治教育' END,
                   d.recorded_by_id, d.created_at, d.scope_path, d.station_id
            FROM casework_dispute d CROSS JOIN (VALUES ('onsite'), ('resolved')) a(kind)
            WHERE d.id >= {base} AND (a.kind = 'onsite' OR d.status = 'resolved')"""
    )
    counts["mediation_agreements"] = sql(
        f"""INSERT INTO casework_mediationagreement (dispute_id, reached, parties_text, terms, signed_on, performed,
                performance_checked_on, failed_at, recorded_by_id, created_at, scope_path, station_id)
            SELECT d.id, true, (SELECT string_agg(name, '、') FROM casework_disputeparty p WHERE p.dispute_id = d.id),
                   '双方自愿达成协议，一方赔偿对方损失', d.resolved_on, true, least(d.resolved_on + 7, date '{AS_OF}'),
                   NULL, d.recorded_by_id,
                   (d.resolved_on + time '11:00') AT TIME ZONE '{TZ}', d.scope_path, d.station_id
            FROM casework_dispute d
            WHERE d.id >= {base} AND d.status = 'resolved' AND d.id % {AGREEMENT_EVERY} = 0"""
    )
    # and its line on the timeline (治安调解, success), as agreement_record writes it.
    counts["dispute_actions"] += sql(
        f"""INSERT INTO casework_disputeaction (dispute_id, kind, done_at, target, outcome, note, recorded_by_id,
                created_at, scope_path, station_id)
            SELECT a.dispute_id, 'police_mediation', a.created_at, '', 'success', a.terms, a.recorded_by_id,
                   a.created_at, a.scope_path, a.station_id
            FROM casework_mediationagreement a JOIN casework_dispute d ON d.id = a.dispute_id
            WHERE d.id >= {base}"""
    )
    say("disputes", started)

    # 案事件: pushed by the command centre mostly; cases filed and most closed, accidents with their five steps.
    from casework.choices import INCIDENT_SUBKINDS

    m = INCIDENTS_EVERY
    k = f"(r.id / {m})"
    base = next_id("casework_incident", top // m + 1)
    kinds = ["criminal", "public_order", "criminal", "emergency", "public_order", "accident", "criminal", "mass",
             "emergency", "public_order"]  # fmt: skip
    kind = f"(ARRAY{kinds})[1 + {k} % {len(kinds)}]"
    subkind = (
        "CASE "
        + " ".join(
            f"WHEN k.kind = '{kd}' THEN ({_text_array(c for c, _ in rows)})[1 + (r.id / {m} / 10) % {len(rows)}]"
            for kd, rows in INCIDENT_SUBKINDS.items()
        )
        + " END"
    )
    day = _day(k)
    closed = f"(({day} > 30 OR {k} % 3 <> 0) AND {k} % 15 <> 1)"  # ≈10 % open
    is_case = "k.kind IN ('criminal', 'public_order')"
    counts["incidents"] = sql(
        f"""INSERT INTO casework_incident (id, beat_id, kind, subkind, source, summary, place_text, address_id,
                has_scene, occurred_at, reported_at, dispatched_at, pushed_by_id, officer_id, arrived_at,
                case_number, filed_on, closed_on, result, status, recorded_by_id, created_at, updated_at, scope_path,
                station_id)
            SELECT {base} + r.id / {m}, r.org_unit_id, k.kind, {subkind},
                   CASE WHEN {k} % 4 = 0 THEN 'officer' ELSE 'command_centre' END, '接报警情，民警到场处置',
                   r.address_text, r.address_id, true, {_at(day, f"{k} % 24")} - interval '30 minutes',
                   {_at(day, f"{k} % 24")},
                   CASE WHEN {k} % 4 <> 0 THEN {_at(day, f"{k} % 24")} + interval '2 minutes' END, NULL, o.user_id,
                   {_at(day, f"{k} % 24")} + interval '18 minutes',
                   CASE WHEN {is_case} THEN 'A' || to_char(date '{AS_OF}' - {day}::int, 'YYYYMMDD') || {k}
                        ELSE '' END,
                   CASE WHEN {is_case} THEN date '{AS_OF}' - {day}::int END,
                   CASE WHEN {closed} THEN date '{AS_OF}' - {day}::int + least({day}, 1 + {k} % 9)::int END,
                   CASE WHEN {closed} THEN '已依法处理完毕' ELSE '' END,
                   CASE WHEN {closed} THEN 'closed' ELSE 'open' END, o.user_id,
                   {_at(day, f"{k} % 24")} + interval '1 hour', {_at(day, f"{k} % 24")} + interval '1 hour',
                   r.scope_path, r.station_id
            FROM registry_resident r CROSS JOIN LATERAL (SELECT {kind} AS kind) k
            {OFFICER_OF.format(beat="r.org_unit_id")}
            WHERE r.id % {m} = 17"""
    )
    of_incident = f"JOIN registry_resident r ON r.id = (i.id - {base}) * {m} + 17"
    counts["incident_people"] = sql(
        f"""INSERT INTO casework_incidentperson (incident_id, resident_id, name, phone, role, is_foreign, verified,
                verified_at, verified_by_id, dissuasion_task_id, note, added_on, updated_at, scope_path, station_id)
            SELECT i.id, p.id, p.name, p.phone, p.role, false, true, i.arrived_at + interval '2 hours',
                   i.officer_id, NULL, '', (i.reported_at AT TIME ZONE '{TZ}')::date, i.updated_at, i.scope_path,
                   i.station_id
            FROM casework_incident i {of_incident}
            CROSS JOIN LATERAL (SELECT r.id, r.name, r.phone,
                                       CASE WHEN i.kind IN ('criminal', 'public_order') THEN 'victim'
                                            ELSE 'party' END AS role
                                UNION ALL
                                SELECT n.id, n.name, n.phone,
                                       CASE WHEN i.kind IN ('criminal', 'public_order') THEN 'suspect'
                                            ELSE 'relative' END
                                FROM registry_resident n WHERE n.id = r.id + 1 AND n.org_unit_id = r.org_unit_id) p
            WHERE i.id >= {base}"""
    )
    from casework.choices import ACCIDENT_STEPS

    counts["incident_scene_entries"] = sql(
        f"""INSERT INTO casework_incidentsceneentry (incident_id, step, done_at, note, recorded_by_id, created_at,
                scope_path, station_id)
            SELECT i.id, s.step, i.arrived_at + s.n * interval '10 minutes', '已按要求处置', i.officer_id,
                   i.created_at, i.scope_path, i.station_id
            FROM casework_incident i
            CROSS JOIN LATERAL unnest(CASE WHEN i.kind = 'accident' THEN {_text_array(ACCIDENT_STEPS)}
                                           ELSE ARRAY['protect', 'verify'] END) WITH ORDINALITY s(step, n)
            WHERE i.id >= {base}"""
    )
    say("incidents", started)

    # 社情民意与线索: collected by the beat officer, reported, judged by the control centre (采用 scores 2), most
    # closed; the last days' still collected or waiting for 研判.
    m = LEADS_EVERY
    k = f"(r.id / {m})"
    base = next_id("leads_lead", top // m + 1)
    kinds = ["sentiment_basic", "sentiment_voice", "disorder", "crime", "sentiment_views", "hazard", "sentiment_mood",
             "other", "disorder", "sentiment_other"]  # fmt: skip
    channels = ["household_visit", "walk_in", "patrol", "grid", "contact_box", "informant", "social_media"]
    day = _day(k)
    stage = (f"CASE WHEN {day} <= 4 AND {k} % 3 = 0 THEN 'collected' WHEN {day} <= 10 AND {k} % 3 = 1 "
             f"THEN 'reported' WHEN {k} % 5 = 0 THEN 'not_adopted' ELSE 'adopted' END")  # fmt: skip
    closed = f"({day} > 20 OR {k} % 2 = 0)"
    counts["leads"] = sql(
        f"""INSERT INTO leads_lead (id, org_unit_id, beat_id, kind, channel, subject_text, occurred_at, place_text,
                address_id, event, cause, result, resident_id, organization_id, visit_id, meeting_id, is_actionable,
                oral_report_at, oral_report_to, commissioning_task_id, due_on, status, reported_by_id,
                submitted_by_id, submitted_at, judged_by_id, judged_at, judge_note, score, closed_at, close_note,
                withdrawn_reason, from_resident, resident_name, resident_phone, received_on, within_duties,
                feedback_at, feedback_note, referral_to, created_at, updated_at, scope_path, station_id)
            SELECT {base} + r.id / {m}, r.org_unit_id, r.org_unit_id,
                   (ARRAY{kinds})[1 + {k} % {len(kinds)}],
                   (ARRAY{channels})[1 + {k} % {len(channels)}], r.name, {_at(day, f"8 + {k} % 12")},
                   r.address_text, r.address_id, '群众反映小区周边夜间有人聚集滋扰', '', '', r.id, NULL, NULL, NULL,
                   false, NULL, '', NULL, NULL,
                   CASE WHEN s.stage IN ('adopted', 'not_adopted') AND {closed} THEN 'closed' ELSE s.stage END,
                   o.user_id, CASE WHEN s.stage <> 'collected' THEN o.user_id END,
                   CASE WHEN s.stage <> 'collected' THEN {_at(day, f"8 + {k} % 12")} + interval '3 hours' END,
                   CASE WHEN s.stage IN ('adopted', 'not_adopted') THEN {control} END,
                   CASE WHEN s.stage IN ('adopted', 'not_adopted') THEN {_at(day, f"8 + {k} % 12")}
                       + interval '1 day' END,
                   CASE s.stage WHEN 'adopted' THEN '情况属实，予以采用' WHEN 'not_adopted' THEN '信息价值不高' ELSE ''
                       END,
                   CASE WHEN s.stage = 'adopted' THEN 2 ELSE 0 END,
                   CASE WHEN s.stage IN ('adopted', 'not_adopted') AND {closed}
                       THEN {_at(day, f"8 + {k} % 12")} + interval '3 days' END,
                   CASE WHEN s.stage IN ('adopted', 'not_adopted') AND {closed} THEN '已处置完毕' ELSE '' END,
                   '', false, '', '', NULL, NULL, NULL, '', '', {_at(day, f"8 + {k} % 12")} + interval '1 hour',
                   {_at(day, f"8 + {k} % 12")} + interval '1 hour', r.scope_path, r.station_id
            FROM registry_resident r CROSS JOIN LATERAL (SELECT {stage} AS stage) s
            {OFFICER_OF.format(beat="r.org_unit_id")}
            WHERE r.id % {m} = 23"""
    )
    counts["lead_events"] = sql(
        f"""INSERT INTO leads_leadevent (lead_id, kind, at, note, by_id, scope_path, station_id)
            SELECT l.id, e.kind, e.at, e.note, e.by_id, l.scope_path, l.station_id
            FROM leads_lead l CROSS JOIN LATERAL (VALUES
                ('collected', l.created_at, '', l.reported_by_id),
                ('reported', l.submitted_at, '', l.submitted_by_id),
                (CASE WHEN l.score > 0 THEN 'adopted' ELSE 'not_adopted' END, l.judged_at, l.judge_note,
                 l.judged_by_id),
                ('closed', l.closed_at, l.close_note, l.reported_by_id)) e(kind, at, note, by_id)
            WHERE l.id >= {base} AND e.at IS NOT NULL"""
    )
    say("leads", started)

    # 群众诉求: received at the window or by phone by the beat officer (首问负责), most done within the limit.
    m = REQUESTS_EVERY
    k = f"(r.id / {m})"
    base = next_id("outreach_servicerequest", top // m + 1)
    types = ["consultation", "general_help", "household", "id_card", "document_delivery", "suggestion", "consultation"]
    limits = [TYPE_BY_CODE[t]["default"] for t in types]
    units = [TYPE_BY_CODE[t]["unit"] for t in types]
    pick = f"1 + {k} % {len(types)}"
    day = _day(k)
    received = _at(day, f"9 + {k} % 8")
    done = f"(({day} > 5 OR {k} % 2 = 0) AND {k} % 40 <> 1)"  # a few overdue
    counts["service_requests"] = sql(
        f"""INSERT INTO outreach_servicerequest (id, number, beat_id, service_type, channel, is_urgent,
                priority_group, home_service, applicant_name, applicant_phone, resident_id, content, details,
                received_at, received_by_id, owner_id, limit_value, limit_unit, due_at, status, done_at, result,
                referral_reason, handed_over_to, overdue_note, overdue_noted_by_id, overdue_noted_at, certificate_id,
                rating_key, satisfaction, rating_comment, rated_at, rating_channel, created_at, updated_at,
                scope_path, station_id)
            SELECT {base} + r.id / {m}, 'FW' || to_char(date '{AS_OF}' - {day}::int, 'YYYYMMDD')
                       || lpad(({base} + r.id / {m})::text, 5, '0'), r.org_unit_id, t.type,
                   (ARRAY['window', 'phone', 'window', 'online'])[1 + {k} % 4], false, '', false, r.name, r.phone,
                   r.id, '咨询办理相关事项', '{{}}', {received}, o.user_id, o.user_id, t.value, t.unit,
                   ((date '{AS_OF}' - {day}::int) + CASE WHEN t.unit = 'workdays' THEN (t.value * 7 + 4) / 5
                       ELSE t.value END + time '23:59:59') AT TIME ZONE '{TZ}',
                   CASE WHEN NOT {done} THEN 'open' WHEN {k} % 20 = 1 THEN 'referred' ELSE 'done' END,
                   CASE WHEN {done} THEN {received} + interval '20 hours' END,
                   CASE WHEN {done} AND {k} % 20 <> 1 THEN '已当场解答并办理' ELSE '' END,
                   CASE WHEN {done} AND {k} % 20 = 1 THEN '不属公安职责，已告知向街道办事处反映' ELSE '' END,
                   '', '', NULL, NULL, NULL, '',
                   CASE WHEN {done} AND {k} % 5 <> 0 THEN
                       (ARRAY['satisfied', 'satisfied', 'satisfied', 'basic'])[1 + {k} % 4] ELSE '' END, '',
                   CASE WHEN {done} AND {k} % 5 <> 0 THEN {received} + interval '1 day' END,
                   CASE WHEN {done} AND {k} % 5 <> 0 THEN 'code' ELSE '' END,
                   {received}, {received}, r.scope_path, r.station_id
            FROM registry_resident r
            CROSS JOIN LATERAL (SELECT (ARRAY{types})[{pick}] AS type, (ARRAY{limits})[{pick}] AS value,
                                       (ARRAY{units})[{pick}] AS unit) t
            {OFFICER_OF.format(beat="r.org_unit_id")}
            WHERE r.id % {m} = 31"""
    )
    say(f"module records: {counts}", started)
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
