"""Identity text: person names, organisation names and address text, checked in one place (issue 21).

Every entry path — form, API, import, service — calls these, so a name refused on the page is refused in the file
too. Each function returns the cleaned text or raises ``ValidationError`` with a Chinese reason, a stable ``code``
and ``params``.

Person names (reading of "a sensible name", 规范001 第二十八条 采集清单 — the standard gives no rule):

* Han characters, every block Unicode has (the basic block, extensions A–I, the compatibility ideographs and
  〇), so a rare character outside GB2312 is a name character like any other;
* the middle dot between the parts of a transliterated name (买买提·艾力); its look-alikes (•, ‧, ・, ･, ∙, ⋅,
  ．, the Greek ano teleia …) are normalised to U+00B7 ``·``, and a dot may not start or end a name or repeat;
* letters of any script with their combining marks, and single spaces between words, for names written in
  Latin, Cyrillic, Uyghur, Tibetan or Mongolian letters; an apostrophe or hyphen between two letters (O'Brien,
  Jean-Luc);
* 2 to 60 characters (spaces and dots not counted towards the minimum; 60 is the register's field length).

Full-width letters and spaces become their plain forms, runs of spaces one space, and a space between two Han
characters (张 三) is dropped.

Anything else — digits, markup, ``=`` and other symbols, punctuation, emoji, control characters — is refused,
naming the first offending character. Organisation names and address text keep their own alphabet (digits,
brackets, ``#`` and ``-`` are normal there) but may hold no control characters and no markup, and may not start
like a spreadsheet formula.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Messages, as constants: forms, API, importer and tests share them.
NAME_REQUIRED = "姓名不能为空"
NAME_TOO_SHORT = "姓名至少 {minimum} 个字"
NAME_TOO_LONG = "姓名过长（最多{maximum}个字）"
NAME_BAD_CHARACTER = "姓名中不能有“{char}”：姓名只能由汉字、间隔号“·”，或字母和空格组成"
NAME_BAD_DOT = "间隔号“·”只能写在姓名的两部分之间，且不能连写"
TEXT_CONTROL_CHARACTER = "{label}中含有不可见的控制字符（{code}），请删除后重新填写"
TEXT_MARKUP = "{label}中不能含有网页标记（“<”或“>”）"
TEXT_FORMULA_START = "{label}不能以“{char}”开头"
TEXT_TOO_LONG = "{label}过长（最多{maximum}个字）"

NAME_MIN = 2
NAME_MAX = 60

MIDDLE_DOT = "\u00b7"
# Characters people type for the middle dot of a transliterated name.
_DOT_LOOKALIKES = "\u2022\u2027\u30fb\uff65\u2219\u22c5\u0387\u16eb\u2e31\u2981\u00b7\uff0e\u318d\u119e"
_DOTS = str.maketrans({c: MIDDLE_DOT for c in _DOT_LOOKALIKES})

_HAN_RANGES = (
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # the basic block
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2A6DF),  # extension B
    (0x2A700, 0x2EBEF),  # extensions C, D, E, F
    (0x2EBF0, 0x2EE5F),  # extension I
    (0x2F800, 0x2FA1F),  # compatibility supplement
    (0x30000, 0x323AF),  # extensions G, H
)
_FORMULA_STARTS = ("=", "+", "-", "@")
_SPACES = re.compile(r"\s+")
_HAN_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _HAN_RANGES)
_SPACE_IN_HAN = re.compile(f"(?<=[{_HAN_CLASS}]) (?=[{_HAN_CLASS}])")
_PERIOD_IN_HAN = re.compile(f"(?<=[{_HAN_CLASS}]) ?\\. ?(?=[{_HAN_CLASS}])")  # 买买提.艾力
# Full-width ASCII (ＡＢＣ, ０-９, ＜) and the ideographic space, as people type them with a Chinese input method.
# Not NFKC: that would also rewrite compatibility ideographs, i.e. change the character of a rare name.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def is_han(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_RANGES)


def _shown(char: str) -> str:
    """A character as a message can show it: invisible ones by their code point."""
    category = unicodedata.category(char)
    return f"U+{ord(char):04X}" if category[0] in "CZ" and char != " " else char


# Printable ASCII and the basic Han block hold no control, format, private-use or unassigned character: text made
# of them alone (nearly every name and address) skips the per-character look-up.
_PLAIN = re.compile("[\x20-\x7e\u4e00-\u9fff]*")
_PLAIN_HAN_NAME = re.compile(f"[\u4e00-\u9fff]{{{NAME_MIN},{NAME_MAX}}}")


def _control_character(text: str) -> str | None:
    """The first control, format, private-use or unassigned character (Han of blocks newer than this Python's
    Unicode tables count as Han, not as unassigned)."""
    if _PLAIN.fullmatch(text):
        return None
    return next((c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs", "Cn") and not is_han(c)), None)


def person_name(value, *, required: bool = True) -> str:
    """A person's name, cleaned (dots normalised, spaces collapsed), or ``ValidationError``."""
    if isinstance(value, str) and _PLAIN_HAN_NAME.fullmatch(value):
        return value  # 2–60 basic Han characters: nothing to clean, nothing to refuse (the usual name)
    text = str(value or "").translate(_DOTS)
    if (control := _control_character(text)) is not None:
        raise ValidationError(
            _(NAME_BAD_CHARACTER).format(char=_shown(control)), code="name_character", params={"char": control}
        )
    text = _SPACES.sub(" ", text.translate(_FULL_WIDTH).translate(_DOTS)).strip()
    text = _SPACE_IN_HAN.sub("", re.sub(r" ?· ?", MIDDLE_DOT, _PERIOD_IN_HAN.sub(MIDDLE_DOT, text)))
    if not text:
        if required:
            raise ValidationError(_(NAME_REQUIRED), code="name_required")
        return ""
    for index, char in enumerate(text):
        if is_han(char) or char in (" ", MIDDLE_DOT):
            continue
        category = unicodedata.category(char)
        if category[0] == "L" or (category[0] == "M" and index > 0):
            continue
        if char in "'-’" and 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha():
            continue
        typed = next((c for c in str(value) if c.translate(_FULL_WIDTH).translate(_DOTS) == char), char)
        raise ValidationError(
            _(NAME_BAD_CHARACTER).format(char=_shown(typed)), code="name_character", params={"char": typed}
        )
    if text.startswith(MIDDLE_DOT) or text.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in text:
        raise ValidationError(_(NAME_BAD_DOT), code="name_dot")
    letters = len(text.replace(" ", "").replace(MIDDLE_DOT, ""))
    if letters < NAME_MIN:
        raise ValidationError(_(NAME_TOO_SHORT).format(minimum=NAME_MIN), code="name_short")
    if len(text) > NAME_MAX:
        raise ValidationError(_(NAME_TOO_LONG).format(maximum=NAME_MAX), code="name_long")
    return text


def identity_text(value, *, label: str, maximum: int) -> str:
    """Free identity text (an organisation's name, an address): no control characters, no markup, no formula
    start, at most ``maximum`` characters. ``label`` names the field in the message (already translated)."""
    text = str(value or "")
    if (control := _control_character(text.replace("\t", " ").replace("\n", " ").replace("\r", " "))) is not None:
        raise ValidationError(
            _(TEXT_CONTROL_CHARACTER).format(label=label, code=f"U+{ord(control):04X}"),
            code="control_character",
            params={"label": label},
        )
    text = _SPACES.sub(" ", text).strip()
    if "<" in text or ">" in text:
        raise ValidationError(_(TEXT_MARKUP).format(label=label), code="markup", params={"label": label})
    if text.startswith(_FORMULA_STARTS):
        raise ValidationError(
            _(TEXT_FORMULA_START).format(label=label, char=text[0]), code="formula", params={"label": label}
        )
    if len(text) > maximum:
        raise ValidationError(
            _(TEXT_TOO_LONG).format(label=label, maximum=maximum), code="too_long", params={"label": label}
        )
    return text


def organization_name(value) -> str:
    return identity_text(value, label=_("单位名称"), maximum=200)


def address_text(value, *, label: str | None = None) -> str:
    # ``is None``, not ``or``: a lazy label's truth value would translate it on every call (an import's rows)
    return identity_text(value, label=_("地址") if label is None else label, maximum=300)
