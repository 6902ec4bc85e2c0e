"""Masking of personal data (脱敏): shown masked unless the user may unmask (规范001 第一百零九条)."""


def mask_id_number(value: str) -> str:
    """``321002195601011234`` → ``3210**********1234``; short or odd values keep only their ends."""
    if not value:
        return ""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """``13812341234`` → ``138****1234``; landlines keep their last four digits."""
    if not value:
        return ""
    if len(value) == 11 and value.isdigit():
        return value[:3] + "****" + value[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]
