"""The route matrix: every page, export and API route, found by itself, checked across stations (docs/adr/0004).

A module declares in ``<app>/tests/routes.py`` how to make one of its records on a side (``RECORDS``) and what each of
its routes does with them (``ROUTES``, keyed by URL name ``app:name`` for pages and ``"METHOD /api/v1/path"`` for API
operations as the OpenAPI document names them); ``EXEMPT`` names, with a reason, the routes that show no records.
``web/tests/test_route_matrix.py`` walks Django's URL resolver and the OpenAPI document: a route neither declared nor
exempt fails, so a new module's page cannot go untested.

Sides: 枫桥派出所 (demo_officer, demo_lead), 寒山派出所 (demo_officer2, demo_lead2) and the neighbouring city that no
demo role covers (its officer and lead are made here). Every record is made on every side, with ``MATRIX`` in its
text fields (a search for it matches on every side) and the side's ``mark`` where a list shows it. Then, signed in as
each station's officer and lead (规范001 第一百零九条: 数据范围):

* lists and exports show the own side's mark and never another side's;
* an export of persons writes one access-trail row per exported person and shows ID numbers and phones masked;
* detail, action and download routes of another side's records answer 404 — or exactly what a record that does not
  exist gets (a 403 for a permission the user holds nowhere tells nothing) — never 200, never a 5xx, and write
  nothing to the operation log or the access trail;
* a person's detail writes exactly one ``view`` row per opening; a refused request writes none;
* a creation aimed at another side's unit or record writes nothing; the own side's works (the declaration is right);
* summary pages answer without 5xx and show no other side's mark.
"""

from __future__ import annotations

import importlib
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

MATRIX = "核矩阵"  # in every matrix record's searchable text: a search for it matches on every side
LETTERS = "甲乙丙"  # side marks: 核矩阵甲 / 核矩阵乙 / 核矩阵丙 — none is a part of another
MISSING_PK = 2_000_000_000  # a primary key no record has: what "not there" answers
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUCCESS = range(200, 400)

# Routes of the framework itself (not of a module): reasons why they show no records.
EXEMPT = {
    "set_language": "切换界面语言（POST，无记录）",
    "api:openapi-json": "OpenAPI 文档（接口描述，无记录）",
    "api:openapi-view": "接口文档页面（Swagger UI，无记录）",
    "api:api-root": "接口根路径（无记录）",
}

# Routes another branch is landing at the same time as a module's declarations: neither "undeclared" nor "stale"
# while they travel; reported pending (xfail) until their module declares them. Keep it empty on main: an entry is
# removed in the commit whose tests/routes.py declares the route.
FORTHCOMING: dict[str, str] = {}

# Apps whose tests/routes.py was written before this engine existed and does not pass it yet: their declarations are
# not loaded and their routes are reported pending (xfail) like an app without the file. Remove the app here in the
# commit that makes its declarations pass (``pytest web/tests/test_route_matrix.py -k 'leads'``).
PENDING_APPS: dict[str, str] = {}


# --- what a module declares ------------------------------------------------------------------------------------------


@dataclass
class Side:
    """One station (or the neighbouring city) with the records made there."""

    name: str
    beat: Any  # the officer's beat (org.OrgUnit)
    station: Any
    officer: Any  # accounts.User holding 社区民警 at ``beat``
    lead: Any  # accounts.User holding 所领导 at ``station``
    mark: str  # unique text of this side
    users: dict[str, Any] = field(default_factory=dict)  # role → a user holding it here ("officer", "lead", …)
    made: dict[str, Any] = field(default_factory=dict)  # kind → the record made on this side
    failed: dict[str, str] = field(default_factory=dict)  # kind → why making it failed

    def __repr__(self):
        return f"<Side {self.name}>"


@dataclass(frozen=True)
class Record:
    """How to make one record of a kind on a side: ``make(side)`` returns it (put ``MATRIX`` in its searchable text
    and ``side.mark`` where lists show it). ``trail``: the access-trail object type when the record is a person's
    (its detail and export are on the trail, keyed by the record's pk). ``opened(record)``: where a record holding
    several persons writes its openings instead — ``(object_type, [ids])``, one view row each (a dispute's parties).
    ``secrets(record)``: the full ID numbers and phones that must only ever leave masked."""

    make: Callable[[Side], Any]
    trail: str | None = None
    secrets: Callable[[Any], Iterable[str]] | None = None
    opened: Callable[[Any], tuple[str, Iterable]] | None = None


@dataclass(frozen=True)
class Route:
    kind: str | None = None
    # URL parameters beyond the record's pk: ``url(record)`` (``url(side)`` for a List, Create or Summary) → dict.
    url: Callable[[Any], dict] | None = None
    # Who signs in: roles of accounts.roles.Role, plus "officer" and "lead" (the station's 社区民警 and 所领导). A
    # role other than those two gets an account per side at the station (an auditor, a mediator, a command room).
    roles: tuple[str, ...] = ("officer", "lead")


@dataclass(frozen=True)
class List(Route):
    """A list of records of ``kind``: ``query`` narrows it to the matrix records (the search box); ``export``: its
    ``?export=xlsx`` variant is the list as a file."""

    query: dict | None = None
    export: bool = False


@dataclass(frozen=True)
class Detail(Route):
    """One record's page or API read."""


@dataclass(frozen=True)
class Action(Route):
    """A change to one record: ``data(record)`` is a valid form or JSON body (``None``: an empty POST). Pages are
    also opened with GET (the form)."""

    data: Callable[[Any], dict] | None = None


@dataclass(frozen=True)
class Create(Route):
    """A new record made from ``data(side)``, which names that side's unit or records."""

    data: Callable[[Side], dict] | None = None


@dataclass(frozen=True)
class Download(Route):
    """A file of one record (a PDF, an attachment)."""


@dataclass(frozen=True)
class Summary(Route):
    """Counts, rates or settings over the user's scope: answers, and shows no other side's record."""


# --- discovery -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where a route key points: a page (``reverse`` name and its pattern's parameter names) or an API operation."""

    key: str
    method: str
    path: str  # a page's pattern, or the API path with {param}
    params: tuple[str, ...]
    api: bool
    app: str = ""  # the app whose code answers it (the view's or API handler's top-level package)


def _walk(resolver, prefix: str = "", namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry, prefix + str(entry.pattern), full)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            app = (getattr(entry.callback, "__module__", "") or "").split(".")[0]
            yield name, prefix + str(entry.pattern), tuple(entry.pattern.regex.groupindex), app


def page_targets() -> dict[str, Target]:
    """Every named page of the URL resolver (the API's operations come from its OpenAPI document instead)."""
    targets = {}
    for name, pattern, params, app in _walk(get_resolver()):
        if name.startswith("api:") and name not in EXEMPT:
            continue
        targets.setdefault(name, Target(name, "GET", pattern, params, api=False, app=app))
    return targets


def api_targets() -> dict[str, Target]:
    from api.api import api

    schema = api.get_openapi_schema()
    targets = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            key = f"{method.upper()} {path}"
            app = operation.get("operationId", "").split("_")[0]  # ninja names it <module>_<function>
            targets[key] = Target(key, method.upper(), path, tuple(re.findall(r"{(\w+)}", path)), api=True, app=app)
    return targets


def all_targets() -> dict[str, Target]:
    return {**page_targets(), **api_targets()}


def declaring_apps() -> set[str]:
    """The project apps that have a ``tests/routes.py``."""
    found = set()
    for config in apps.get_app_configs():
        if (Path(config.path) / "tests" / "routes.py").exists() and config.name not in PENDING_APPS:
            found.add(config.name)
    return found


@dataclass
class Declarations:
    records: dict[str, Record] = field(default_factory=dict)
    routes: dict[str, Route] = field(default_factory=dict)
    exempt: dict[str, str] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)  # kind or route key → declaring module
    problems: list[str] = field(default_factory=list)


def declarations() -> Declarations:
    """``RECORDS``, ``ROUTES`` and ``EXEMPT`` of every project app's ``tests/routes.py``, plus the framework's."""
    found = Declarations(exempt=dict(EXEMPT))
    for name in EXEMPT:
        found.owner[name] = __name__
    base = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if not str(config.path).startswith(base) or config.name in PENDING_APPS:
            continue
        module_name = f"{config.name}.tests.routes"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name in (module_name, f"{config.name}.tests"):
                continue
            raise
        for attr, target in (("RECORDS", found.records), ("ROUTES", found.routes), ("EXEMPT", found.exempt)):
            for key, value in getattr(module, attr, {}).items():
                if key in found.owner and not (attr == "RECORDS" and key not in found.records):
                    found.problems.append(f"{key} declared by {found.owner[key]} and {module_name}")
                target[key] = value
                found.owner.setdefault(key, module_name)
    for key in set(found.routes) & set(found.exempt):
        found.problems.append(f"{key} is both declared and exempt")
    for key, route in found.routes.items():
        if route.kind is not None and route.kind not in found.records:
            found.problems.append(f"{key} names kind {route.kind!r} that no RECORDS declares")
    return found


# --- the checks ------------------------------------------------------------------------------------------------------


class Probe:
    """One request of one viewer, and what it wrote to the operation log and the access trail."""

    def __init__(self, response, writes: list, trail: list):
        self.response = response
        self.status = response.status_code
        self.writes = writes
        self.trail = trail

    @property
    def text(self) -> str:
        return response_text(self.response)


def response_text(response) -> str:
    if getattr(response, "_matrix_text", None) is not None:
        return response._matrix_text
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith(XLSX):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
        text = "\n".join(cells)
    elif response.get("Content-Type", "").startswith("application/pdf"):
        from fengqiao.pdf import pdf_text

        text = pdf_text(body)
    else:
        text = body.decode(errors="replace")
    response._matrix_text = text
    return text


def masked(value: str) -> str:
    from audit.masking import mask_id_number, mask_phone

    return mask_id_number(value) if len(value) >= 15 else mask_phone(value)


class Matrix:
    """The sides and their viewers; ``check(key)`` runs one route's assertions (an AssertionError says what leaked)."""

    def __init__(self, decl: Declarations, sides: list[Side], targets: dict[str, Target]):
        self.decl = decl
        self.sides = sides
        self.targets = targets
        self.stations = sides[:2]  # the sides whose officer and lead sign in; the third is the neighbouring city
        # Signed in once, inside the module's transaction: each test's savepoint sees the sessions.
        self._clients = {}
        for side in self.stations:
            for user in side.users.values():
                self._clients[user.pk] = Client()
                self._clients[user.pk].force_login(user)

    # requests

    def client(self, user) -> Client:
        return self._clients[user.pk]

    def viewers(self, route: Route, crossed: bool = False):
        """Each station's users in the route's roles; ``crossed``: the first role on the first station and the last on
        the second only (the writes: a leak through an unscoped lookup shows the same to every role)."""
        for index, side in enumerate(self.stations):
            for position, role in enumerate(route.roles):
                if not crossed or position == (0 if index == 0 else len(route.roles) - 1):
                    yield side, role, side.users[role]

    def url(self, target: Target, route: Route, obj, pk=None) -> str:
        kwargs = dict(route.url(obj)) if route.url else {}
        free = [p for p in target.params if p not in kwargs]
        if free:
            assert len(free) == 1, f"{target.key}: give url= for the parameters {free}"
            kwargs[free[0]] = obj.pk if pk is None else pk
        elif pk is not None:
            return ""  # nothing in the URL names the record: no missing-record variant
        if target.api:
            path = target.path
            query = {name: value for name, value in kwargs.items() if "{" + name + "}" not in path}
            for name, value in kwargs.items():
                path = path.replace("{" + name + "}", str(value))
            return f"{path}?{urlencode(query)}" if query else path  # the rest are query parameters (unit_id=…)
        return reverse(target.key, kwargs=kwargs)

    def request(self, client, method: str, url: str, *, data=None, api=False, query=None) -> Probe:
        from audit.models import AccessRecord, OperationLog

        last_write = OperationLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        last_trail = AccessRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
        if method == "GET":
            response = client.get(url, query or {})
        elif _files(data):  # an upload (a form or a multipart API operation): sent as multipart, files rewound
            for upload in _files(data):
                upload.seek(0)
            response = client.post(url, data)
        elif api:
            body = json.dumps(data, default=str) if data is not None else None
            response = client.generic(method, url, body or "", content_type="application/json")
        else:
            response = client.generic(method, url, _form(data or {}), content_type="application/x-www-form-urlencoded")
        writes = list(OperationLog.objects.filter(id__gt=last_write).values("action", "object_type", "object_id"))
        trail = list(
            AccessRecord.objects.filter(id__gt=last_trail).values("username", "action", "object_type", "object_id")
        )
        return Probe(response, writes, trail)

    def others(self, side: Side) -> list[Side]:
        return [s for s in self.sides if s is not side]

    def record(self, side: Side, kind: str):
        if kind in side.failed:
            raise AssertionError(f"making {kind} on {side.name} failed: {side.failed[kind]}")
        return side.made[kind]

    # one route

    def check(self, key: str) -> None:
        route = self.decl.routes[key]
        target = self.targets[key]
        checker = {
            List: self.check_list,
            Detail: self.check_detail,
            Download: self.check_detail,
            Action: self.check_action,
            Create: self.check_create,
            Summary: self.check_summary,
        }[type(route)]
        checker(key, target, route)

    def _no_other_marks(self, key, text: str, side: Side, what: str):
        for other in self.others(side):
            assert other.mark not in text, f"{key}: {what} for {side.name} shows {other.name}'s record ({other.mark})"

    def check_list(self, key, target: Target, route: List):
        seen = {side.name: False for side in self.stations}
        record_spec = self.decl.records[route.kind]
        for side, role, user in self.viewers(route):
            client = self.client(user)
            url = self.url(target, route, side) if target.params or route.url else self._plain_url(target)
            probe = self.request(client, "GET", url, query=route.query, api=target.api)
            assert probe.status in (200, 403), f"{key} as {role} of {side.name}: {probe.status}"
            if probe.status != 200:
                assert not probe.trail, f"{key}: a refused list wrote the access trail {probe.trail}"
                continue
            self._no_other_marks(key, probe.text, side, f"the list as {role}")
            if side.mark in probe.text:
                seen[side.name] = True
            if route.export and not target.api:
                self._check_export(key, client, url, route, record_spec, side, role)
        missing = [name for name, ok in seen.items() if not ok]
        assert not missing, f"{key}: no viewer of {missing} sees their own {route.kind} (no mark): the check is void"

    def _check_export(self, key, client, url, route: List, spec: Record, side: Side, role: str):
        probe = self.request(client, "GET", url, query={**(route.query or {}), "export": "xlsx"})
        if probe.status == 403:
            assert not probe.trail, f"{key}: a refused export wrote the access trail"
            return
        assert probe.status == 200, f"{key} export as {role} of {side.name}: {probe.status}"
        assert probe.response["Content-Type"].startswith(XLSX), f"{key}: ?export=xlsx is not an XLSX file"
        text = probe.text
        self._no_other_marks(key, text, side, f"the export as {role}")
        assert side.mark in text, f"{key}: the export as {role} of {side.name} lacks its own record"
        own = self.record(side, route.kind)
        if spec.trail:
            rows = [t for t in probe.trail if t["object_type"] == spec.trail and t["action"] == "export"]
            mine = [t for t in rows if t["object_id"] == str(own.pk)]
            assert len(mine) == 1, f"{key}: exporting {own!r} wrote {len(mine)} trail rows, not 1"
            assert all(t["username"] == side.users[role].get_username() for t in rows)
            other_ids = {str(self.record(o, route.kind).pk) for o in self.others(side)}
            assert not [t for t in rows if t["object_id"] in other_ids], f"{key}: trail names another side's person"
        if spec.secrets:
            values = [v for v in spec.secrets(own) if v]
            for value in values:
                assert value not in text, f"{key}: the export shows {value} unmasked"
            assert any(masked(v) in text for v in values), f"{key}: the export shows none of {values} masked"

    def _plain_url(self, target: Target) -> str:
        return target.path if target.api else reverse(target.key)

    def _refused_like_missing(self, key, client, target, route, obj, probe: Probe, method, data, what):
        if probe.status == 404:
            return
        assert probe.status < 500, f"{key}: {what} answers {probe.status}"
        missing_url = self.url(target, route, obj, pk=MISSING_PK)
        assert missing_url, f"{key}: {what} answers {probe.status}, not 404"
        missing = self.request(client, method, missing_url, data=data, api=target.api)
        assert probe.status == missing.status and probe.status in (403, 405), (
            f"{key}: {what} answers {probe.status} where a record that does not exist answers {missing.status}"
        )

    def check_detail(self, key, target: Target, route: Route):
        spec = self.decl.records[route.kind]
        seen = {side.name: False for side in self.stations}
        for side, role, user in self.viewers(route):
            client = self.client(user)
            own = self.record(side, route.kind)
            probe = self.request(client, "GET", self.url(target, route, own), api=target.api)
            assert probe.status in (200, 403), f"{key} of own {route.kind} as {role} of {side.name}: {probe.status}"
            if probe.status == 200:
                seen[side.name] = True
                if spec.trail:
                    kind, ids = spec.opened(own) if spec.opened else (spec.trail, [own.pk])
                    views = [t for t in probe.trail if t["action"] == "view" and t["object_type"] == kind]
                    assert sorted(t["object_id"] for t in views) == sorted(str(i) for i in ids), (
                        f"{key}: opening {own!r} wrote {views} to the access trail, not one view row per person"
                    )
                if spec.secrets and isinstance(route, Detail):
                    for value in spec.secrets(own):
                        assert not value or value not in probe.text, f"{key}: {value} shown unmasked"
            else:
                assert not probe.trail, f"{key}: a refused request wrote the access trail"
            for other in self.others(side):
                theirs = self.record(other, route.kind)
                what = f"{other.name}'s {route.kind} as {role} of {side.name}"
                probe = self.request(client, "GET", self.url(target, route, theirs), api=target.api)
                self._refused_like_missing(key, client, target, route, theirs, probe, "GET", None, what)
                assert not probe.trail and not probe.writes, f"{key}: {what} wrote {probe.trail or probe.writes}"
        missing = [name for name, ok in seen.items() if not ok]
        assert not missing, f"{key}: no viewer of {missing} may open their own {route.kind}: the check is void"

    def check_action(self, key, target: Target, route: Action):
        for side, role, user in self.viewers(route, crossed=True):
            client = self.client(user)
            own = self.record(side, route.kind)
            if not target.api:
                probe = self.request(client, "GET", self.url(target, route, own))
                assert probe.status < 500, f"{key}: the form of own {route.kind} as {role}: {probe.status}"
            for other in self.others(side):
                theirs = self.record(other, route.kind)
                url = self.url(target, route, theirs)
                data = route.data(theirs) if route.data else None
                # The form (GET) of the other station's record; the write (POST) on every other side's.
                verbs = [target.method] if target.api else (["GET", "POST"] if other in self.stations else ["POST"])
                for verb in verbs:
                    what = f"{verb} {other.name}'s {route.kind} as {role} of {side.name}"
                    probe = self.request(client, verb, url, data=data if verb != "GET" else None, api=target.api)
                    self._refused_like_missing(key, client, target, route, theirs, probe, verb, data, what)
                    assert not probe.writes and not probe.trail, f"{key}: {what} wrote {probe.writes or probe.trail}"
        # The declaration is right: on each station someone may do it to their own record (it writes the log).
        for side in self.stations:
            own = self.record(side, route.kind)
            data = route.data(own) if route.data else None
            outcomes = []
            for user in [side.users[r] for r in route.roles]:
                probe = self.request(
                    self.client(user),
                    "POST" if not target.api else target.method,
                    self.url(target, route, own),
                    data=data,
                    api=target.api,
                )
                assert probe.status < 500, f"{key} on own {route.kind}: {probe.status} {probe.text[:300]}"
                if probe.status in SUCCESS and probe.writes:
                    break
                outcomes.append((user.username, probe.status, _why(probe)))
            else:
                raise AssertionError(f"{key}: nobody on {side.name} could do it to their own {route.kind}: {outcomes}")

    def check_create(self, key, target: Target, route: Create):
        for side in self.stations:
            data = route.data(side)
            url = self.url(target, route, side) if route.url else self._plain_url(target)
            verb = target.method if target.api else "POST"
            for other in self.others(side):
                if other not in self.stations:
                    continue
                for user in [other.users[r] for r in route.roles]:
                    probe = self.request(self.client(user), verb, url, data=data, api=target.api)
                    what = f"{user.username} creating on {side.name}"
                    assert probe.status < 500, f"{key}: {what}: {probe.status}"
                    assert not probe.writes, f"{key}: {what} was written: {probe.writes}"
                    if target.api:
                        assert probe.status >= 400, f"{key}: {what} answers {probe.status}"
            outcomes = []
            for user in [side.users[r] for r in route.roles]:
                probe = self.request(self.client(user), verb, url, data=data, api=target.api)
                assert probe.status < 500, f"{key}: creating on own side: {probe.status} {probe.text[:300]}"
                if probe.status in SUCCESS and probe.writes:
                    break
                outcomes.append((user.username, probe.status, _why(probe)))
            else:
                raise AssertionError(f"{key}: nobody on {side.name} could create there: {outcomes}")

    def check_summary(self, key, target: Target, route: Summary):
        answered = False
        for side, role, user in self.viewers(route):
            url = self.url(target, route, side) if route.url else self._plain_url(target)
            probe = self.request(self.client(user), "GET", url, api=target.api)
            assert probe.status in (200, 403), f"{key} as {role} of {side.name}: {probe.status}"
            if probe.status == 200:
                answered = True
                self._no_other_marks(key, probe.text, side, f"the page as {role}")
        assert answered, f"{key}: nobody on either station may open it"

    def undeclared_exports(self) -> list[str]:
        """Argument-free pages not declared ``List(export=True)`` that still answer ``?export=xlsx`` with a file."""
        found = []
        side = self.stations[0]
        clients = [self.client(side.lead), self.client(side.officer)]
        for key, target in self.targets.items():
            route = self.decl.routes.get(key)
            if target.api or target.params or route is None or (isinstance(route, List) and route.export):
                continue
            if isinstance(route, (Create, Action)):
                continue
            for client in clients:
                if _is_file(client.get(reverse(key))):
                    break  # a document route (a report's PDF or workbook), not a list's export variant
                response = client.get(reverse(key), {"export": "xlsx"})
                if _is_file(response):
                    found.append(key)
                    break
        return found


def _is_file(response) -> bool:
    return response.get("Content-Type", "").startswith(XLSX) or "attachment" in response.get("Content-Disposition", "")


def _why(probe: Probe) -> str:
    if probe.status in (301, 302):
        return probe.response.get("Location", "")
    text = probe.text
    errors = re.findall(r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>(.*?)<', text, re.S)
    return "; ".join(e.strip() for e in errors if e.strip())[:400] or text[:300]


def _files(data) -> list:
    """The uploaded files among a declared form's values (``data={"evidence": [pdf()], …}``)."""
    if not isinstance(data, dict):
        return []
    values = [v for value in data.values() for v in (value if isinstance(value, (list, tuple)) else [value])]
    return [v for v in values if isinstance(v, File)]


def _form(data: dict) -> str:
    pairs = []
    for name, value in data.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs += [(name, "" if v is None else str(v)) for v in values]
    return urlencode(pairs)


def stored_file(model, **fields):
    """An upload row of ``model`` (a ``fengqiao.uploads.UploadFacts``) holding a small checked PDF, for a
    ``Download`` route's record: ``stored_file(TaskEvidence, task=…, uploaded_by=…)``."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fengqiao import uploads

    pdf = SimpleUploadedFile(f"{MATRIX}.pdf", b"%PDF-1.4\n% matrix\n", content_type="application/pdf")
    return model.objects.create(**fields, **uploads.check(pdf, field="file").facts())


# --- building the sides ----------------------------------------------------------------------------------------------


def build_sides(decl: Declarations) -> list[Side]:
    """The three sides and every declared record on each (call inside a transaction the caller rolls back)."""
    from django.db import transaction

    from accounts.models import RoleAssignment, User
    from accounts.roles import Role
    from org.models import OrgUnit

    def station_of(unit):
        while unit.kind != "station":
            unit = unit.parent
        return unit

    sides = []

    def account(name: str, role: str, unit):
        user = User.objects.create_user(username=name, password="Matrix12345x", full_name=name)
        RoleAssignment.objects.create(user=user, role=role, org_unit=unit)
        return user

    accounts = (("demo_officer", "demo_lead"), ("demo_officer2", "demo_lead2"))
    for letter, (officer_name, lead_name) in zip(LETTERS[:2], accounts, strict=True):
        officer = User.objects.get(username=officer_name)
        lead = User.objects.get(username=lead_name)
        beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
        sides.append(Side(f"side{letter}", beat, station_of(beat), officer, lead, MATRIX + letter))
    beat = OrgUnit.objects.get(code="LJ00101")
    officer = account("matrix_officer3", Role.OFFICER, beat)
    lead = account("matrix_lead3", Role.STATION_LEAD, beat.parent)
    sides.append(Side(f"side{LETTERS[2]}", beat, beat.parent, officer, lead, MATRIX + LETTERS[2]))
    roles = {role for route in decl.routes.values() for role in route.roles} - {"officer", "lead"}
    for index, side in enumerate(sides):
        side.users = {"officer": side.officer, "lead": side.lead}
        for role in sorted(roles):
            side.users[role] = account(f"matrix_{role}{index + 1}", role, side.station)

    for kind, spec in decl.records.items():
        for side in sides:
            try:
                with transaction.atomic():
                    side.made[kind] = spec.make(side)
            except Exception as error:  # reported by the tests of the routes using the kind
                side.failed[kind] = f"{type(error).__name__}: {error}"
    return sides
