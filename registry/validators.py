from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError


def uscc_valid(value: str) -> bool:
    try:
        uscc.validate(value)
    except StdnumError:
        return False
    return True


def uscc_compact(value: str) -> str:
    return uscc.compact(value or "").upper()
