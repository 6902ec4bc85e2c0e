"""The route matrix (docs/adr/0004; 规范001 第一百零九条): every page, export and API route — discovered from the URL
resolver and the OpenAPI document — is declared in some ``<app>/tests/routes.py`` or exempt with a reason, and each
declared route keeps every station's records to that station (lists, exports, details, actions, downloads)."""

import pytest
from django.db import transaction
from django.test import override_settings

from web import route_matrix
from web.route_matrix import Matrix, all_targets, build_sides, declarations

DECL = declarations()


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sides are built once per module (per worker) inside a transaction rolled back at the end: each test runs
    in its own savepoint inside it, so what a test changes is gone before the next one."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("matrix-media")):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield Matrix(DECL, build_sides(DECL), all_targets())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _undeclared():
    targets = all_targets()
    known = set(DECL.routes) | set(DECL.exempt)
    return {key: targets[key] for key in sorted(set(targets) - known)}


def test_every_route_is_declared_or_exempt():
    """Every route answered by an app that declares its routes (has ``tests/routes.py``) is declared or exempt."""
    declaring = route_matrix.declaring_apps()
    undeclared = [
        key for key, target in _undeclared().items() if target.app in declaring and key not in route_matrix.FORTHCOMING
    ]
    assert not undeclared, (
        "routes the matrix cannot classify — declare them in <app>/tests/routes.py (ROUTES) or, when they show no "
        f"records, in EXEMPT with a reason (docs/adr/0004): {undeclared}"
    )


def test_every_app_declares_its_routes():
    """Every app answering routes has a ``tests/routes.py`` (docs/adr/0004: a module's first page and its routes.py
    land together). Only a route in ``FORTHCOMING`` (another branch landing it) is reported pending (xfail)."""
    declaring = route_matrix.declaring_apps()
    missing: dict[str, list[str]] = {}
    forthcoming = []
    for key, target in _undeclared().items():
        if key in route_matrix.FORTHCOMING:
            forthcoming.append(key)
        elif target.app not in declaring:
            missing.setdefault(target.app, []).append(key)
    assert not missing, f"apps without tests/routes.py (docs/adr/0004): {missing}"
    if forthcoming:
        pytest.xfail(f"routes in flight (web.route_matrix.FORTHCOMING): {forthcoming}")


def test_declarations_name_real_routes_and_kinds():
    targets = all_targets()
    stale = sorted((set(DECL.routes) | set(DECL.exempt)) - set(targets) - set(route_matrix.FORTHCOMING))
    assert not stale, f"declared routes that do not exist: {stale}"
    assert not DECL.problems, DECL.problems
    assert all(reason.strip() for reason in DECL.exempt.values())


def test_every_record_kind_is_made_on_every_side(matrix, db):
    failed = {side.name: side.failed for side in matrix.sides if side.failed}
    assert not failed, failed


@pytest.mark.parametrize("key", sorted(DECL.routes))
def test_route(key, matrix, db):
    matrix.check(key)


def test_no_page_exports_without_being_declared_an_export(matrix, db):
    assert not matrix.undeclared_exports(), "declare these List(..., export=True) so their files are checked"


def test_marks_are_distinct():
    marks = [route_matrix.MATRIX + letter for letter in route_matrix.LETTERS]
    assert all(a not in b for a in marks for b in marks if a is not b)
