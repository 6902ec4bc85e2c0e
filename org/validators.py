import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fengqiao.identity import parse_id_number

from . import errors

PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def normalise_id_number(value: str) -> str:
    """A valid 公民身份号码 (length, birth date, check digit; 15-digit numbers converted) or ValidationError.

    Region codes are not checked here (see ``fengqiao.identity``).
    """
    if not (value or "").strip():
        return ""
    info = parse_id_number(value)
    if not info.valid:
        raise ValidationError(_(errors.ID_NUMBER_INVALID), code="id_number_invalid")
    return info.number


def normalise_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if value and not PHONE_RE.match(value):
        raise ValidationError(_(errors.PHONE_INVALID), code="phone_invalid")
    return value
