"""Free-text addresses → standard-address parts (规范001 第二十六条: 标准地址).

Rules first, then the tree itself: the text is normalised (full-width digits, "#"→"号", "幢/号楼"→"栋",
"3-2-301"→"3栋2单元301室" …) and split by the suffix each level ends with. Matching to existing nodes is done
by ``services.address_resolve``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .models import AddressLevel

_REPLACEMENTS = [
    (re.compile(r"\s+"), ""),
    (re.compile(r"#"), "号"),
    (re.compile(r"(\d+)(?:号楼|幢|座)"), r"\1栋"),
    (re.compile(r"(\d+)号(\d+)-(\d+)-(\d+)$"), r"\1号\2栋\3单元\4室"),
    (re.compile(r"(\d+)-(\d+)-(\d+)$"), r"\1栋\2单元\3室"),
    (re.compile(r"单元(\d+)$"), r"单元\1室"),
    (re.compile(r"(\d+)房$"), r"\1室"),
]

_PATTERN = re.compile(
    r"""^
    (?P<division>(?:[^省]{2,7}省)?(?:[^市]{2,7}?市)?(?:[^区县]{1,7}?(?<!社)(?:区|县))?)
    (?P<subdistrict>[^街镇乡]{1,8}?(?:街道|镇|乡))?
    (?P<community>[^社]{1,10}?社区|[^社村]{1,10}?村)?
    (?P<road>[^路街巷弄\d]{1,10}?(?:大道|路|街|巷|弄)|\d+组)?  # 组: a village's group
    (?P<door>\d+号(?:院)?)?
    (?P<compound>[^\d]{1,12}?(?:小区|花园|苑|公寓|家园|新村|大厦))?
    (?P<building>\d+栋)?
    (?P<unit>\d+单元)?
    (?P<room>\d+室)?
    $""",
    re.X,
)

LEVEL_OF_GROUP = {
    "division": AddressLevel.DIVISION,
    "subdistrict": AddressLevel.SUBDISTRICT,
    "community": AddressLevel.COMMUNITY,
    "road": AddressLevel.ROAD,
    "door": AddressLevel.DOOR,
    "compound": AddressLevel.COMPOUND,
    "building": AddressLevel.BUILDING,
    "unit": AddressLevel.UNIT,
    "room": AddressLevel.ROOM,
}


@dataclass(frozen=True)
class ParsedAddress:
    text: str  # normalised
    parts: tuple[tuple[int, str], ...]  # (AddressLevel, name), top-down

    def get(self, level: int) -> str:
        return next((name for lvl, name in self.parts if lvl == level), "")

    @property
    def usable(self) -> bool:
        """Enough to place a dwelling: a road with a door number (or a village)."""
        return bool(self.get(AddressLevel.DOOR) and (self.get(AddressLevel.ROAD) or self.get(AddressLevel.COMMUNITY)))


def normalise_address(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip()
    for pattern, replacement in _REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text


def parse_address(text: str) -> ParsedAddress | None:
    """Split an address into levels; ``None`` when it does not read as an address at all."""
    normalised = normalise_address(text)
    if not normalised:
        return None
    match = _PATTERN.match(normalised)
    if not match:
        return None
    parts = tuple((LEVEL_OF_GROUP[g], v) for g, v in match.groupdict().items() if v)
    return ParsedAddress(normalised, parts) if parts else None
