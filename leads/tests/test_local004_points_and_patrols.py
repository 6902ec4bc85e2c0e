"""规范001 第五十五条(二) patrols with 必巡线/必到点 and 规范004 巡逻积分、积分超市: a check-in sent twice credits once,
a redemption beyond the balance is refused with nothing written, and the ledger is append-only in PostgreSQL."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from leads import services
from leads.models import CheckIn, PointsEntry, Redemption

from .factories import route, unit_of

pytestmark = pytest.mark.django_db


def _station(user):
    return services.station_of(unit_of(user))


def test_local004_same_checkin_sent_twice_counts_once_and_credits_once(users):
    volunteer = users["volunteer"]
    walk = route(users["officer"])
    point = walk.points.first()
    client_id = uuid.uuid4()
    credits = PointsEntry.objects.filter(user=volunteer, kind="checkin")
    before = credits.count()
    first, created = services.checkin_record(acting_user=volunteer, point=point, client_id=client_id)
    again, created_again = services.checkin_record(acting_user=volunteer, point=point, client_id=str(client_id))
    assert created and not created_again and again.pk == first.pk
    assert CheckIn.objects.filter(client_id=client_id).count() == 1
    assert credits.count() == before + 1
    assert services.points_balance(volunteer) >= 1
    # another check-in at the same point the same day is recorded but credits nothing more (one per point and day)
    services.checkin_record(acting_user=volunteer, point=point, client_id=uuid.uuid4())
    assert credits.count() == before + 1


def test_checkin_on_another_stations_route_is_refused(users):
    other = route(users["officer2"])
    with pytest.raises(PermissionDenied):
        services.checkin_record(acting_user=users["volunteer"], point=other.points.first(), client_id=uuid.uuid4())
    with pytest.raises(ValidationError) as caught:
        services.checkin_record(acting_user=users["volunteer"], point=other.points.first(), client_id="not-a-uuid")
    assert caught.value.message_dict == {"client_id": ["签到编号无效，请刷新页面后重新签到"]}


def test_local004_redemption_over_the_balance_refused_nothing_written(users):
    grid, lead = users["grid"], users["lead"]
    item = services.store_item_save(acting_user=lead, station=_station(grid), name="保温杯", cost=10_000, stock=3)
    before = (PointsEntry.objects.count(), Redemption.objects.count())
    balance = services.points_balance(grid)
    with pytest.raises(ValidationError) as caught:
        services.redemption_make(acting_user=grid, item=item, quantity=1)
    assert caught.value.message_dict == {"quantity": [f"积分不足：兑换需10000积分，当前结余{balance}积分"]}
    item.refresh_from_db()
    assert item.stock == 3 and (PointsEntry.objects.count(), Redemption.objects.count()) == before


def test_local004_redemption_within_balance_deducts_points_and_stock(users):
    volunteer, lead = users["volunteer"], users["lead"]
    services.points_award(acting_user=lead, user=volunteer, kind="mediation_help", note="协助调解邻里纠纷")
    balance = services.points_balance(volunteer)
    item = services.store_item_save(acting_user=lead, station=_station(volunteer), name="手电筒", cost=2, stock=1)
    redemption = services.redemption_make(acting_user=volunteer, item=item)
    assert services.points_balance(volunteer) == balance - 2 and redemption.entry.balance_after == balance - 2
    item.refresh_from_db()
    assert item.stock == 0
    with pytest.raises(ValidationError) as caught:
        services.redemption_make(acting_user=volunteer, item=item)
    assert caught.value.message_dict["quantity"][0] == "库存不足：仅剩0件"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_points_ledger_refuses_update_and_delete_in_the_database(users):
    lead = users["lead"]
    entry = services.points_award(acting_user=lead, user=users["grid"], kind="campaign", note="防诈宣传")
    for sql in (
        "UPDATE leads_pointsentry SET points = 999 WHERE id = %s",
        "DELETE FROM leads_pointsentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="积分记录只可追加"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.points == 2
    # the scope columns alone may move with the org tree (ADR 0003)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE leads_pointsentry SET scope_path = scope_path WHERE id = %s", [entry.pk])
