"""The English catalogue is complete (DESIGN.md: Chinese UI first, English through Django i18n): every message a page
can show — from the templates, forms, views, models, menus and trail labels of every app — has an English
translation, so no Chinese string is left on any page when the language is English. The login and workbench pages
are walked in test_i18n.py; this checks every message, page or not."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

# Every app is checked strictly: a module lands with its English (its own locale/en), the trail labels and menu
# entries it adds included.
CJK = re.compile(r"[\u4e00-\u9fff]")
CALL = re.compile(r"""\b(?:gettext|gettext_noop|pgettext|_)\(\s*u?(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")""")
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop"}
SKIP = {".venv", "tests", "migrations", "bench", "deploy", "scripts", "static", "node_modules"}


def _project_files(pattern: str):
    root = Path(settings.BASE_DIR)
    for path in sorted(root.glob(pattern)):
        if not SKIP & set(path.relative_to(root).parts):
            yield path


def _template_messages() -> dict[str, str]:
    found = {}
    for path in _project_files("*/templates/**/*.html"):
        for match in CALL.finditer(templatize(path.read_text(), origin=str(path))):
            text = match.group(1) if match.group(1) is not None else match.group(2)
            found.setdefault(text.replace("\\'", "'").replace('\\"', '"'), str(path))
    return found


def _python_messages() -> dict[str, str]:
    found = {}
    for path in _project_files("*/**/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in GETTEXT
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, str(path))
    return found


def _untranslated(messages: dict[str, str]) -> dict[str, list[str]]:
    missing: dict[str, list[str]] = {}
    with translation.override("en"):
        for text, where in messages.items():
            if CJK.search(text) and translation.gettext(text) == text:
                missing.setdefault(where, []).append(text)
    return missing


def test_every_template_message_has_an_english_translation():
    messages = _template_messages()
    assert len(messages) > 200  # the extraction found the templates' messages at all
    assert not _untranslated(messages), _untranslated(messages)


def test_every_message_of_the_code_has_an_english_translation():
    """Forms, views, models (choices, verbose names), menus, trail labels, service messages: all reach a page."""
    messages = _python_messages()
    assert len(messages) > 500
    assert not _untranslated(messages), _untranslated(messages)


def _po_entries(path: Path):
    """(flags, msgctxt, msgid, msgstr) of each entry of a .po file; plural forms are skipped (their msgstr[n] lines)."""
    for block in path.read_text().split("\n\n"):
        fields, flags, key = {}, "", None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            elif line.startswith(("msgctxt ", "msgid ", "msgstr ")):
                key, _, rest = line.partition(" ")
                fields[key] = rest
            elif line.startswith('"') and key:
                fields[key] += line
            elif not line.startswith("#"):
                key = None
        if "msgid" in fields and "msgstr" in fields:
            text = {k: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', v)) for k, v in fields.items()}
            yield flags, text.get("msgctxt"), text["msgid"], text["msgstr"]


LOCALE_FILES = [
    *sorted(Path(settings.BASE_DIR).glob("*/locale/en/LC_MESSAGES/django.po")),
    Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po",
]


@pytest.mark.parametrize("po", LOCALE_FILES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_catalogue_entry_is_used_by_gettext(po):
    """A fuzzy entry or an empty msgstr is ignored by gettext (the page stays Chinese, or worse, a fuzzy guess from
    another msgid was about to be shown), and a .mo compiled before the .po's last edit serves old text."""
    import gettext

    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))._catalog
    problems = []
    for flags, context, msgid, msgstr in _po_entries(po):
        if not msgid:
            continue  # the header
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {msgid}")
        elif not msgstr:
            problems.append(f"empty translation: {msgid}")
        else:
            unescaped = msgid.encode().decode("unicode_escape").encode("latin-1").decode()
            key = f"{context}\x04{unescaped}" if context is not None else unescaped
            if key not in compiled:
                problems.append(f"not in the compiled .mo (run compilemessages): {msgid}")
    assert not problems, problems
