"""录入比对: is this person already registered? (规范001 第二十九条: 采集即比对)

Reasons a pair is a candidate, each with its weight; a pair is proposed when its score reaches
``CANDIDATE_THRESHOLD`` and the names agree (same, homophone, or near-identical):

* the ID numbers differ in one or two digits, by two adjacent digits swapped, or only in the check digit;
* the names are the same, sound the same (pypinyin) or nearly the same (rapidfuzz);
* the birth dates agree.

Identical ID numbers are the same record by definition (the natural key), so they never reach this step.
``duplicate_pairs`` applies the same rule to rows of a file (the benchmark and the importer's report).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from django.db.models import Q
from pypinyin import lazy_pinyin
from rapidfuzz.distance import Levenshtein

CANDIDATE_THRESHOLD = 0.6
WEIGHTS = {"id_near": 0.6, "name_same": 0.4, "name_homophone": 0.3, "name_similar": 0.2, "birth_same": 0.1}
REASON_TEXT = {
    "id_one_digit": "身份证号仅一位不同",
    "id_two_digits": "身份证号两位不同",
    "id_swap": "身份证号相邻两位颠倒",
    "id_check_digit": "身份证号仅校验码不同",
    "name_same": "姓名相同",
    "name_homophone": "姓名同音",
    "name_similar": "姓名相近",
    "birth_same": "出生日期相同",
}


def id_difference(a: str, b: str) -> str | None:
    """How two 18-character numbers differ, if they differ like a typing slip."""
    if not a or not b or len(a) != len(b) or a == b:
        return None
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if diffs == [len(a) - 1]:
        return "id_check_digit"
    if len(diffs) == 1:
        return "id_one_digit"
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]:
        return "id_swap"
    if len(diffs) == 2:
        return "id_two_digits"
    return None


@lru_cache(maxsize=100_000)
def pinyin_key(name: str) -> str:
    return " ".join(lazy_pinyin(name))


def name_relation(a: str, b: str) -> str | None:
    if a == b:
        return "name_same"
    if len(a) == len(b) and pinyin_key(a) == pinyin_key(b):
        return "name_homophone"
    if Levenshtein.normalized_similarity(a, b) >= 0.66 and a[:1] == b[:1]:
        return "name_similar"
    return None


def score_pair(name_a, id_a, birth_a, name_b, id_b, birth_b) -> tuple[float, list[str]]:
    reasons = []
    name = name_relation(name_a, name_b)
    if name is None:
        return 0.0, []
    reasons.append(name)
    score = WEIGHTS[name]
    if (diff := id_difference(id_a or "", id_b or "")) is not None:
        reasons.append(diff)
        # Two scattered digits are weaker evidence than one slip; require the birth date to agree then.
        score += WEIGHTS["id_near"] if diff != "id_two_digits" else WEIGHTS["id_near"] / 2
    if birth_a and birth_a == birth_b:
        reasons.append("birth_same")
        score += WEIGHTS["birth_same"]
    return round(score, 3), reasons


def is_candidate(score: float, reasons: list[str]) -> bool:
    """The one rule that makes a pair a 疑似重复: enough evidence, and the ID numbers look like a typing slip."""
    return score >= CANDIDATE_THRESHOLD and any(r.startswith("id_") for r in reasons)


def candidates_for(resident, limit: int = 200):
    """Registered residents that may be the same person as ``resident``: (other, score, reason texts)."""
    from .models import Resident

    pool = Resident.objects.filter(is_active=True).exclude(pk=resident.pk)
    near = Q(name=resident.name)
    if resident.birth_date:
        near |= Q(birth_date=resident.birth_date)
    if resident.id_prefix:
        near |= Q(id_prefix=resident.id_prefix)  # same region and birth date: typo'd names and numbers
    found = []
    for other in pool.filter(near)[:limit]:
        score, reasons = score_pair(
            resident.name, resident.id_number, resident.birth_date, other.name, other.id_number, other.birth_date
        )
        if is_candidate(score, reasons):
            found.append((other, score, [REASON_TEXT[r] for r in reasons]))
    return sorted(found, key=lambda t: -t[1])


def duplicate_pairs(rows: Iterable[tuple[int, str, str, object]]) -> set[tuple[int, int]]:
    """Pairs of row numbers that are one person, over (row, name, id_number, birth_date) tuples.

    Same ID → same person; otherwise rows are blocked by exact name and by the ID's first 14 digits (region +
    birth date) so homophone names are compared too, then scored as above.
    """
    by_id: dict[str, list[int]] = defaultdict(list)
    blocks: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        number, name, id_number, _birth = row
        if id_number:
            by_id[id_number].append(number)
        blocks["n:" + name].append(row)
        if id_number and len(id_number) == 18:
            blocks["i:" + id_number[:14]].append(row)
    pairs: set[tuple[int, int]] = set()
    for numbers in by_id.values():
        for i, a in enumerate(numbers):
            for b in numbers[i + 1 :]:
                pairs.add((a, b))
    for block in blocks.values():
        if len(block) < 2 or len(block) > 5000:
            continue
        for i, (ra, na, ia, ba) in enumerate(block):
            for rb, nb, ib, bb in block[i + 1 :]:
                if ia and ia == ib:
                    continue
                score, reasons = score_pair(na, ia, ba, nb, ib, bb)
                if is_candidate(score, reasons):
                    pairs.add((min(ra, rb), max(ra, rb)))
    return pairs
