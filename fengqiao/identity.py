"""公民身份号码 (GB 11643) parsing shared by every module that records people.

python-stdnum checks length, birth date and check digit; the region code is looked up in its table but an
unknown or "too young" code is only reported (``region_known``), never a rejection: codes in force when the
card was issued stay valid on living people (DESIGN.md, "Facts about the data"; python-stdnum issue #442).
15-digit numbers (issued before 1999) are converted: insert "19" before the year, append the check digit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

# Problems, as stable codes; the caller decides whether a problem rejects or becomes a quality finding.
BAD_FORMAT = "id_bad_format"  # not 15/18 characters of digits (+ X)
BAD_DATE = "id_bad_date"  # birth date part is not a date
BAD_CHECKSUM = "id_bad_checksum"  # 18th character does not match (GB 11643 / ISO 7064 MOD 11-2)


@dataclass(frozen=True)
class IdInfo:
    number: str  # 18 characters, upper-case X
    converted_from: str  # the 15-digit original, or ""
    birth_date: datetime.date | None
    gender: str  # "male" / "female" (17th digit odd = male)
    region_code: str
    region_known: bool
    problems: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def check_digit(body17: str) -> str:
    """The check digit of a 17-digit body (stdnum expects the check digit's place present)."""
    return ric.calc_check_digit(body17 + "0")


def _birth_date(number: str) -> datetime.date:
    """``ric.get_birth_date`` without its clean-up pass for a plain ASCII number (an import parses a million)."""
    if not number.isascii():
        return ric.get_birth_date(number)
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise StdnumError() from None


def _check_digit(number: str) -> str:
    """The check digit of an 18-character number's first 17 (``ric.calc_check_digit``'s arithmetic)."""
    checksum = (1 - 2 * int(number[:17], 13)) % 11
    return "X" if checksum == 10 else str(checksum)


@lru_cache(maxsize=4096)
def region_known(code: str) -> bool:
    info = numdb.get("cn/loc").info(code)
    return bool(info and info[-1][1].get("county"))


@lru_cache(maxsize=8192)  # a batch's checks parse the same numbers again after cleaning them
def parse_id_number(raw: str) -> IdInfo:
    number = (raw or "").strip().replace(" ", "").upper()
    number = number.translate(str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789XX"))
    converted_from = ""
    if len(number) == 15 and number.isdigit():
        converted_from = number
        body = number[:6] + "19" + number[6:]
        number = body + check_digit(body)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return IdInfo(number, converted_from, None, "", "", False, (BAD_FORMAT,))
    problems = []
    try:
        birth = _birth_date(number)
        if birth > datetime.date.today() or birth.year < 1880:
            problems.append(BAD_DATE)
    except StdnumError:
        birth = None
        problems.append(BAD_DATE)
    if _check_digit(number) != number[17]:
        problems.append(BAD_CHECKSUM)
    gender = "male" if int(number[16]) % 2 else "female"
    return IdInfo(number, converted_from, birth, gender, number[:6], region_known(number[:6]), tuple(problems))
