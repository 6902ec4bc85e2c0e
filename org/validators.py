import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from . import errors

PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def normalise_id_number(value: str) -> str:
    """Validate a 公民身份号码's length, birth date and check digit (python-stdnum).

    The region code is not checked against the birth year: codes in force when the card was issued are
    valid on living people (DESIGN.md "Facts about the data"), so we call ``ric.compact`` + our own
    checks instead of ``ric.validate``.
    """
    value = ric.compact(value or "")
    if not value:
        return ""
    try:
        if len(value) != 18 or not value[:17].isdigit():
            raise StdnumError()
        ric.get_birth_date(value)
        if ric.calc_check_digit(value) != value[-1]:
            raise StdnumError()
    except StdnumError:
        raise ValidationError(_(errors.ID_NUMBER_INVALID), code="id_number_invalid") from None
    return value


def normalise_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if value and not PHONE_RE.match(value):
        raise ValidationError(_(errors.PHONE_INVALID), code="phone_invalid")
    return value
