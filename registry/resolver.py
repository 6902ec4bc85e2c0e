"""Matching free-text addresses to the standard-address tree, many at a time (标准地址 — 规范001 第二十七条(一)).

The community named in the text decides the beat; without one, a road node already in the user's scope does.
A community outside the user's scope is refused; an address that cannot be read or placed is kept as text
under the default unit (the record then carries an ``unmatched_address`` finding). Missing lower nodes
(road, door, compound, building, unit, room) are added.

``AddressResolver.resolve_many`` works level by level over a whole batch: one query to find the existing
children of a level and one bulk insert for the missing ones, so an import costs a few queries per batch
rather than several per row. Its caches are bounded, so memory stays flat over any file.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.scope import path_covered
from fengqiao import bulk  # noqa: F401  (the ``__any`` lookup)
from org.models import OrgUnit, OrgUnitKind, path_prefixes

from . import errors
from .addresses import ParsedAddress, parse_address
from .models import Address, AddressLevel

NODE_CACHE_SIZE = 5_000  # model instances: ~2 KB each; a miss only adds a key to the level's one query


@dataclass(frozen=True)
class AddressResolution:
    address: Address | None
    org_unit: OrgUnit | None
    rejected: str = ""


class _Bounded(OrderedDict):
    """A least-recently-used cache: ``put`` and ``get`` make a key the newest; the oldest goes past ``size``."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def put(self, key, value):
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)

    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default


def _new_code() -> str:
    # Random, then fixed for the node's life: a stable code that needs no second write.
    return "A" + uuid.uuid4().hex[:15].upper()


def _community_key(parsed: ParsedAddress) -> tuple[str, str, str]:
    return (
        parsed.get(AddressLevel.DIVISION),
        parsed.get(AddressLevel.SUBDISTRICT),
        parsed.get(AddressLevel.COMMUNITY),
    )


def _under(unit: OrgUnit, hint: OrgUnit) -> bool:
    return unit.path.startswith(hint.path)


def _place_name(unit: OrgUnit) -> str:
    """Where a community lies, for a refusal: its station and beat (``枫桥派出所枫桥第1警务区``)."""
    station = (
        OrgUnit.objects.filter(path__in=path_prefixes(unit.path), kind=OrgUnitKind.STATION)
        .values_list("name", flat=True)
        .first()
    )
    return f"{station or ''}{unit.parent.name if unit.parent else ''}"


def _common_unit(a: OrgUnit, b: OrgUnit) -> OrgUnit:
    if b.path.startswith(a.path):
        return a
    if a.path.startswith(b.path):
        return b
    shared = [p for p in path_prefixes(a.path) if b.path.startswith(p)]
    return OrgUnit.objects.get(path=shared[-1]) if shared else a


class AddressResolver:
    def __init__(self, *, acting_user, default_unit: OrgUnit | None):
        self.user = acting_user
        self.default_unit = default_unit
        self._units: dict[str, list[OrgUnit]] = {}  # community name → every active community of that name
        self._communities: dict[tuple[str, str, str], tuple[OrgUnit | None, str]] = {}  # key → (unit, refusal)
        self._community_nodes: dict[int, Address] = {}
        self._roads: _Bounded = _Bounded(NODE_CACHE_SIZE)  # road name → Address | None
        self._nodes: _Bounded = _Bounded(NODE_CACHE_SIZE)  # (parent id, name) → Address

    def _covers(self, unit: OrgUnit) -> bool:
        return self.user is None or path_covered(self.user, unit.path, Perm.EDIT_REGISTRY)

    def resolve(self, text: str) -> AddressResolution:
        return self.resolve_many([text])[text]

    def resolve_many(self, texts, parsed: dict | None = None) -> dict[str, AddressResolution]:
        """text → resolution, a few queries for them all. ``parsed``: ``parse_address`` of some of the texts, done
        earlier (an import parses its rows' addresses while it reads the file)."""
        results: dict[str, AddressResolution] = {}
        parsed_by_text: dict[str, ParsedAddress] = {}
        known = parsed or {}
        for text in set(texts):
            parsed = known[text] if text in known else parse_address(text)
            if parsed is None or not parsed.usable:
                results[text] = AddressResolution(None, self.default_unit)
            else:
                parsed_by_text[text] = parsed
        self._load_communities({_community_key(p) for p in parsed_by_text.values() if _community_key(p)[2]})
        starts: dict[str, tuple[Address, OrgUnit, int]] = {}  # text → (start node, beat, last level covered)
        need_road: dict[str, ParsedAddress] = {}
        for text, parsed in parsed_by_text.items():
            key = _community_key(parsed)
            community, refusal = self._communities.get(key, (None, "")) if key[2] else (None, "")
            if community is not None:
                starts[text] = (self._community_node(parsed, community), community.parent, AddressLevel.COMMUNITY)
            elif refusal:
                results[text] = AddressResolution(None, None, refusal)
            else:
                need_road[text] = parsed
        self._load_roads({p.get(AddressLevel.ROAD) for p in need_road.values()} - {""})
        for text, parsed in need_road.items():
            road = self._roads.get(parsed.get(AddressLevel.ROAD))
            if road is None:
                results[text] = AddressResolution(None, self.default_unit)
            else:
                starts[text] = (road, road.org_unit, AddressLevel.ROAD)
        results.update(self._descend(starts, parsed_by_text))
        return results

    # -- communities and roads

    def _load_communities(self, keys: set[tuple[str, str, str]]) -> None:
        """Which community org unit each (division, subdistrict, community name) of the text means.

        Community names repeat across a city (every district has its 新华社区), so a name alone decides
        nothing: among the communities of that name the importer may edit, the one whose node already hangs
        under the text's own division and subdistrict wins; else the one under the unit the caller placed the
        record in (a beat, a station); else the only one in the importer's scope. Several left: refused, and
        the officer is told to write the subdistrict (or import from the station). None in scope: refused as
        outside the scope. No community of that name at all: the road decides (see ``_load_roads``)."""
        keys = {k for k in keys if k not in self._communities}
        if not keys:
            return
        missing = {name for _d, _s, name in keys if name not in self._units}
        if missing:
            for name in missing:
                self._units[name] = []
            for unit in (
                OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNITY, name__in=missing, is_active=True)
                .select_related("parent")
                .order_by("path")
            ):
                self._units[unit.name].append(unit)
        for key in keys:
            division, subdistrict, name = key
            units = self._units[name]
            visible = [u for u in units if self._covers(u)]
            if not units:
                self._communities[key] = (None, "")
            elif not visible:
                self._communities[key] = (None, _(errors.ADDRESS_OUT_OF_SCOPE).format(community=name))
            else:
                chosen = self._community_within_parents(division, subdistrict, name, visible)
                if chosen is None and self.default_unit is not None and len(visible) > 1:
                    hinted = [u for u in visible if _under(u, self.default_unit)]
                    chosen = hinted[0] if len(hinted) == 1 else None
                if chosen is None and len(visible) == 1:
                    chosen = visible[0]
                refusal = (
                    ""
                    if chosen
                    else _(errors.ADDRESS_AMBIGUOUS).format(
                        community=name, places="、".join(_place_name(u) for u in visible[:5])
                    )
                )
                self._communities[key] = (chosen, refusal)

    def _community_within_parents(self, division: str, subdistrict: str, name: str, visible: list[OrgUnit]):
        """The community whose standard-address node hangs under the text's own subdistrict (a division alone is
        too wide to tell two communities of one name apart)."""
        if not subdistrict:
            return None
        parent = None
        for part in (division, subdistrict):
            if part:
                parent = self._find_node(parent, part)
                if parent is None:
                    return None
        node = self._find_node(parent, name)
        if node is None or node.level != AddressLevel.COMMUNITY:
            return None
        return next((u for u in visible if u.parent_id == node.org_unit_id), None)

    def _find_node(self, parent: Address | None, name: str) -> Address | None:
        key = (parent.pk if parent else None, name)
        node = self._nodes.get(key)
        if node is None:
            node = Address.objects.filter(parent=parent, name=name).select_related("org_unit").first()
            if node is not None:
                self._nodes.put(key, node)
        return node

    def _community_node(self, parsed: ParsedAddress, community: OrgUnit) -> Address:
        """The community's own node: one per community org unit, found by its beat, never by name alone."""
        node = self._community_nodes.get(community.pk)
        if node is not None:
            return node
        beat = community.parent
        node = (
            Address.objects.filter(level=AddressLevel.COMMUNITY, name=community.name, org_unit=beat)
            .select_related("org_unit")
            .first()
        )
        if node is None:
            parent = None
            for level in (AddressLevel.DIVISION, AddressLevel.SUBDISTRICT):
                if name := parsed.get(level):
                    parent = self._one_node(parent, level, name, beat)
            if Address.objects.filter(parent=parent, name=community.name).exists():
                # Another community of this name already hangs there (the text named no subdistrict to tell
                # them apart): this one stands on its own rather than share, or be widened into, the other.
                parent = None
            node = Address.objects.create(
                parent=parent,
                level=AddressLevel.COMMUNITY,
                name=community.name,
                org_unit=beat,
                code=_new_code(),
                full_text=(parent.full_text if parent else parsed.get(AddressLevel.DIVISION)) + community.name,
            )
        self._community_nodes[community.pk] = node
        return node

    def _one_node(self, parent: Address | None, level: int, name: str, beat: OrgUnit) -> Address:
        node = self._find_node(parent, name)
        if node is None:
            node = Address.objects.create(
                parent=parent,
                level=level,
                name=name,
                org_unit=beat,
                code=_new_code(),
                full_text=(parent.full_text if parent else "") + name,
            )
            self._nodes.put((parent.pk if parent else None, name), node)
        return self._widen(node, beat)

    def _load_roads(self, names: set[str]) -> None:
        """A road named without its community: the one road of that name in the importer's scope (narrowed to
        the caller's unit when the scope holds several); an ambiguous road is not guessed."""
        missing = [n for n in names if n not in self._roads]
        if not missing:
            return
        qs = Address.objects.filter(level=AddressLevel.ROAD, name__any=missing).select_related("org_unit")
        if self.user is not None:
            qs = qs.visible_to(self.user, perm=Perm.EDIT_REGISTRY)
        by_name: dict[str, list[Address]] = {}
        for node in qs:
            by_name.setdefault(node.name, []).append(node)
        for name in missing:
            nodes = by_name.get(name, [])
            if len(nodes) > 1 and self.default_unit is not None:
                nodes = [n for n in nodes if _under(n.org_unit, self.default_unit)]
            self._roads.put(name, nodes[0] if len(nodes) == 1 else None)

    # -- the levels below

    def _widen(self, node: Address, beat: OrgUnit) -> Address:
        """A node shared by several beats (a subdistrict, a long road) belongs to their common ancestor."""
        if not beat.path.startswith(node.org_unit.path):
            node.org_unit = _common_unit(node.org_unit, beat)
            node.save(update_fields=["org_unit"])
        return node

    def _descend(self, starts, parsed_by_text) -> dict[str, AddressResolution]:
        current = {text: node for text, (node, _beat, _level) in starts.items()}
        beats = {text: beat for text, (_node, beat, _level) in starts.items()}
        remaining = {
            text: [(lvl, name) for lvl, name in parsed_by_text[text].parts if lvl > level]
            for text, (_node, _beat, level) in starts.items()
        }
        while any(remaining.values()):
            wanted: dict[tuple[int, str], tuple[int, Address, OrgUnit]] = {}
            for text, parts in remaining.items():
                if parts:
                    level, name = parts[0]
                    wanted.setdefault((current[text].pk, name), (level, current[text], beats[text]))
            nodes = self._fetch_or_create(wanted)
            for text, parts in remaining.items():
                if parts:
                    current[text] = nodes[(current[text].pk, parts[0][1])]
                    remaining[text] = parts[1:]
        return {text: AddressResolution(node, beats[text]) for text, node in current.items()}

    def _load(self, keys, into: dict) -> None:
        """Fetch the nodes for (parent id, name) keys: two lists (index-friendly), exact pairs kept."""
        keys = set(keys)
        parents = list({parent_id for parent_id, _name in keys})
        names = list({name for _parent_id, name in keys})
        for node in Address.objects.filter(parent_id__any=parents, name__any=names).select_related("org_unit"):
            key = (node.parent_id, node.name)
            if key in keys:
                into[key] = node
                self._nodes.put(key, node)

    def _fetch_or_create(self, wanted: dict) -> dict:
        """The node for every wanted (parent id, name), created where missing. Returned, not only cached: the
        cache may drop a key while a large level is being filled."""
        found = {key: node for key in wanted if (node := self._nodes.get(key)) is not None}
        missing = [key for key in wanted if key not in found]
        if missing:
            self._load(missing, found)
            to_create = [key for key in missing if key not in found]
            if to_create:
                Address.objects.bulk_create(
                    [
                        Address(
                            parent=wanted[key][1],
                            level=wanted[key][0],
                            name=key[1],
                            org_unit=wanted[key][2],
                            code=_new_code(),
                            full_text=wanted[key][1].full_text + key[1],
                        )
                        for key in to_create
                    ],
                    ignore_conflicts=True,  # a concurrent import may add the same node; it is fetched below
                )
                self._load(to_create, found)
        for key, (_level, _parent, beat) in wanted.items():
            self._widen(found[key], beat)
        return found
