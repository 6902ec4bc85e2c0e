"""How the route matrix exercises the 云格 pages and API (docs/adr/0004, ADR 0013). Every record is made through
the services on its side's beat; a request gets one record per action so the actions never meet a closed one."""

from django.utils import timezone

from online_groups import services
from org.models import Staff, StaffKind
from web.route_matrix import MATRIX, Action, Create, Detail, List, Record, Summary

SEARCH = {"q": MATRIX}
ALL = {"q": MATRIX, "status": "all"}
ACCOUNT = "station-matrix"


def make_group(side):
    return services.group_register(
        acting_user=None, org_unit=side.beat, name=f"{MATRIX}{side.mark}群", visibility="ok", station_account=ACCOUNT
    )


def make_member(side):
    return services.member_add(acting_user=None, group=make_group(side), name=f"{MATRIX}{side.mark}", role="resident")


def make_wecom_member(side):
    return services.member_add(acting_user=None, group=make_group(side), name=f"{MATRIX}{side.mark}", role="resident",
                               userid=f"wx-matrix-{side.mark}")  # fmt: skip


def _committee_member(member):
    beat = member.group.org_unit
    return {
        "staff": Staff.objects.filter(scope_path__startswith=beat.path, kind=StaffKind.SECURITY_COMMITTEE).first().pk
    }


def make_request(side):
    return services.online_request_log(
        acting_user=None, group=make_group(side), category="consultation", content=f"{MATRIX}{side.mark}",
        resident_name=side.mark, received_at=timezone.now() - timezone.timedelta(minutes=30),
    )  # fmt: skip


def make_broadcast(side):
    return services.broadcast_create(acting_user=None, groups=[make_group(side)], text=f"{MATRIX}{side.mark}")


RECORDS = {
    "online_group": Record(make=make_group),
    "group_member": Record(make=make_member),
    "wecom_member": Record(make=make_wecom_member),
    "online_request": Record(make=make_request, trail="online_request"),
    "ack_request": Record(make=make_request),
    "close_request": Record(make=make_request),
    "convert_request": Record(make=make_request),
    "api_ack_request": Record(make=make_request),
    "api_close_request": Record(make=make_request),
    "broadcast": Record(make=make_broadcast),
}


def _group_form(group):
    return {"org_unit": group.org_unit_id, "name": f"{group.name}改", "visibility": "ok", "station_account": ACCOUNT}


ROUTES = {
    "online_groups:group_list": List("online_group", query=SEARCH, export=True),
    "online_groups:group_new": Create(
        data=lambda side: {"org_unit": side.beat.pk, "name": f"{MATRIX}{side.mark}新群", "visibility": "not_customer"}
    ),
    "online_groups:group_detail": Detail("online_group"),
    "online_groups:group_edit": Action("online_group", data=_group_form),
    "online_groups:member_new": Action("online_group", data=lambda g: {"role": "resident", "name": MATRIX}),
    "online_groups:member_leave": Action("group_member", url=lambda m: {"pk": m.group_id}),
    "online_groups:member_match": Action("wecom_member", url=lambda m: {"pk": m.group_id}, data=_committee_member),
    "online_groups:group_recheck": Action("online_group"),
    "online_groups:request_list": List("online_request", query=ALL, export=True),
    "online_groups:request_detail": Detail("online_request"),
    "online_groups:request_acknowledge": Action("ack_request", data=lambda r: {}),
    "online_groups:request_close": Action("close_request", data=lambda r: {"outcome": MATRIX}),
    "online_groups:request_convert": Action("convert_request", data=lambda r: {"kind": "dispute", "ref": MATRIX}),
    "online_groups:intake": Create(
        data=lambda side: {"group": side.made["online_group"].pk, "category": "help", "content": MATRIX}
    ),
    "online_groups:broadcast_list": List("broadcast", query=SEARCH, export=True),
    "online_groups:broadcast_new": Create(data=lambda side: {"groups": [side.made["online_group"].pk], "text": MATRIX}),
    "online_groups:broadcast_detail": Detail("broadcast"),
    "online_groups:stats": Summary(),
    "online_groups:settings": Summary(),
    "GET /api/v1/online-groups/groups": List("online_group", query=SEARCH),
    "GET /api/v1/online-groups/groups/{group_id}": Detail("online_group"),
    "GET /api/v1/online-groups/requests": List("online_request", query=ALL),
    "GET /api/v1/online-groups/requests/{request_id}": Detail("online_request"),
    "POST /api/v1/online-groups/requests": Create(
        data=lambda side: {"group_id": side.made["online_group"].pk, "category": "consultation", "content": MATRIX}
    ),
    "POST /api/v1/online-groups/requests/{request_id}/acknowledge": Action("api_ack_request", data=lambda r: {}),
    "POST /api/v1/online-groups/requests/{request_id}/close": Action(
        "api_close_request", data=lambda r: {"outcome": MATRIX}
    ),
    "GET /api/v1/online-groups/stats": Summary(),
}
