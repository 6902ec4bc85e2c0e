"""Synthetic 一标三实 for the demo district: addresses, houses, residents and organisations per community,
with a few planted problems so the quality pages and duplicate candidates have something real to show.
Deterministic for a seed; idempotent (does nothing when residents exist)."""

from __future__ import annotations

import random

from django.db import transaction
from stdnum.cn import uscc

from accounts.demo import GIVEN, SURNAMES
from fengqiao.identity import check_digit
from org.models import OrgUnit, OrgUnitKind

from .models import House, Resident
from .services import organization_register, rental_register, resident_create

ROADS = ["金枫路", "枫桥路", "寒山路", "运河路", "长江路", "塔园路", "玉山路", "滨河路"]
COMPOUNDS = ["金枫花园", "枫华苑", "运河新村", "锦绣家园", "翠微小区", "阳光公寓"]
REGION_CODES = ["320505", "320506", "320508", "320507", "321002"]  # codes in force; the city is made up
ETHNICITIES = ["汉族"] * 18 + ["回族", "满族"]
RELATIONS = ["户主", "配偶", "子女", "父母", "承租人", "借住人"]


def _id_number(rng: random.Random, birth_year: int, male: bool) -> str:
    body = (
        f"{rng.choice(REGION_CODES)}{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{rng.randint(10, 99)}{rng.choice('13579' if male else '02468')}"
    )
    return body + check_digit(body)


def _uscc(rng: random.Random) -> str:
    body = (
        "913205"
        + f"{rng.randint(0, 99):02d}"
        + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    )
    return body + uscc.calc_check_digit(body)


@transaction.atomic
def seed_registry(*, residents_per_community: int = 10, seed: int = 2026) -> int:
    if Resident.objects.exists():
        return 0
    rng = random.Random(seed)
    created = 0
    communities = (
        OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNITY, path__startswith=OrgUnit.objects.get(code="JF").path)
        .select_related("parent")
        .order_by("path")
    )
    for n, community in enumerate(communities):
        road = ROADS[n % len(ROADS)]
        compound = COMPOUNDS[n % len(COMPOUNDS)]
        households = []
        for i in range(residents_per_community):
            door = 10 + (i // 4)
            text = f"江枫市{community.name}{road}{door}号{compound}{i // 2 + 1}栋1单元{(i % 6) + 1}01室"
            male = rng.random() < 0.5
            birth_year = rng.randint(1940, 2015)
            data = {
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else ""),
                "id_number": _id_number(rng, birth_year, male),
                "ethnicity": rng.choice(ETHNICITIES),
                "phone": f"13{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}" if rng.random() < 0.92 else "",
                "population_type": rng.choice(["户籍人口"] * 6 + ["流动人口"] * 3 + ["人户分离人口"]),
                "address_text": text,
                "house_relation": rng.choice(RELATIONS),
                "household_address": f"江苏省苏州市{community.name}{road}{door}号",
            }
            households.append(
                resident_create(acting_user=None, data=data, org_unit=community.parent, check_duplicates=False)
            )
            created += 1
        if n == 0:
            _plant_problems(rng, community, road, households)
        organization_register(
            acting_user=None,
            org_unit=community.parent,
            data={
                "name": f"江枫市{community.name}便民超市",
                "category": "个体工商户",
                "uscc": "91320505MA1MXXXX0X" if n == 3 else _uscc(rng),
                "address_text": f"江枫市{community.name}{road}1号",
                "legal_representative": households[0].name,
            },
        )
    return created


def _plant_problems(rng, community, road, households) -> None:
    """A typo'd re-entry, a wrong check digit, an unreadable address and a rented flat with no tenant."""
    original = households[0]
    typo = original.id_number[:10] + original.id_number[11] + original.id_number[10] + original.id_number[12:]
    resident_create(
        acting_user=None,
        org_unit=community.parent,
        data={
            "name": original.name,
            "id_number": typo,
            "population_type": "户籍人口",
            "phone": original.phone,
            "address_text": original.address_text,
            "house_relation": "户主",
            "ethnicity": "汉族",
        },
    )
    wrong_check = households[1].id_number[:17] + ("0" if households[1].id_number[17] != "0" else "1")
    resident_create(
        acting_user=None,
        org_unit=community.parent,
        data={
            "name": "钱多多",
            "id_number": wrong_check[:6] + "19900101" + wrong_check[14:],
            "population_type": "流动人口",
            "phone": "13912345678",
            "address_text": "城东那片老房子",
            "house_relation": "借住人",
            "ethnicity": "汉族",
        },
    )
    house = House.objects.filter(org_unit=community.parent).order_by("pk").last()
    rental_register(acting_user=None, house=house, start="2026-01-01")
