"""What the gateway does, one named function per step, each logged: store a callback, process stored callbacks,
reconcile, and carry the core's broadcasts (outbox). WeCom is reached only through ``client()`` (wecom/client.py)."""

import hashlib
import json
import logging
import threading
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import spool
from .client import NotVisible, RateLimited, TransportError, WeComClient, WeComError
from .conf import setting
from .models import BroadcastItem, InboundEnvelope, KfCursor, KnownChat, RawEvent

log = logging.getLogger("wecom")

_clients: dict[tuple, WeComClient] = {}
_clients_lock = threading.Lock()


def client() -> WeComClient:
    """One client per configuration in this process, so the token cache is shared by every thread."""
    key = (setting("WECOM_CORP_ID"), setting("WECOM_SECRET"), setting("WECOM_API_BASE"))
    with _clients_lock:
        if key not in _clients:
            _clients[key] = WeComClient(*key, timeout=setting("WECOM_HTTP_TIMEOUT"))
        return _clients[key]


# -- callbacks ---------------------------------------------------------------------------------------------------


def dedupe_key(fields: dict) -> str:
    """A redelivered callback carries the same fields (its ciphertext differs: a fresh random prefix), so the key is
    the message id where there is one, else a hash of every decrypted field."""
    if fields.get("MsgId"):
        return f"msg:{fields['MsgId']}"[:80]
    return "sha256:" + hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def callback_record(fields: dict, plaintext: str) -> tuple[RawEvent, bool]:
    """Store a decrypted callback before answering WeCom. Returns (event, created); a duplicate only counts."""
    key = dedupe_key(fields)
    event, created = RawEvent.objects.get_or_create(
        dedupe_key=key,
        defaults={
            "kind": str(fields.get("Event") or fields.get("MsgType") or "")[:64],
            "change_type": str(fields.get("ChangeType", ""))[:32],
            "chat_id": str(fields.get("ChatId", ""))[:128],
            "fields": fields,
            "plaintext": plaintext,
        },
    )
    if not created:
        RawEvent.objects.filter(pk=event.pk).update(deliveries=F("deliveries") + 1)
    log.info("wecom callback stored: %s %s (new: %s)", event.kind, key, created)
    return event, created


def _known(chat_id: str, *, visible: bool | None = None) -> None:
    if not chat_id:
        return
    chat, _ = KnownChat.objects.get_or_create(chat_id=chat_id)
    if visible is not None:
        KnownChat.objects.filter(pk=chat.pk).update(visible=visible, checked_at=timezone.now())


def snapshot_payload(chat: dict, cause: str) -> dict:
    members = []
    for m in chat.get("member_list", []):
        member = {
            "userid": m.get("userid", ""),
            "type": int(m.get("type", 0)),
            "name": m.get("name", ""),
            "group_nickname": m.get("group_nickname", ""),
            "join_time": int(m.get("join_time", 0)),
            "join_scene": int(m.get("join_scene", 0)),
        }
        if m.get("unionid"):
            member["unionid"] = m["unionid"]
        members.append(member)
    return {
        "chat_id": chat["chat_id"],
        "name": chat.get("name", ""),
        "owner": chat.get("owner", ""),
        "notice": chat.get("notice", ""),
        "create_time": int(chat.get("create_time", 0)),
        "cause": cause,
        "members": members,
        "admin_list": [{"userid": a.get("userid", "")} for a in chat.get("admin_list", [])],
    }


def group_snapshot_emit(chat_id: str, *, cause: str, source: str, at=None) -> dict:
    """groupchat/get → a `group_snapshot` envelope, or `group_not_visible` on 90501. Other errors propagate."""
    try:
        chat = client().groupchat_get(chat_id)
    except NotVisible as err:
        _known(chat_id, visible=False)
        log.warning("wecom group not visible: %s (%s)", chat_id, err.errcode)
        return spool.emit(
            "group_not_visible",
            {"chat_id": chat_id, "errcode": err.errcode, "errmsg": err.errmsg},
            source=f"not_visible:{source}",
            received_at=at,
        )
    _known(chat_id, visible=True)
    return spool.emit("group_snapshot", snapshot_payload(chat, cause), source=f"snapshot:{source}", received_at=at)


def _handle_change_external_chat(event: RawEvent) -> None:
    fields = event.fields
    chat_id = fields.get("ChatId", "")
    change = fields.get("ChangeType", "")
    if not chat_id:
        raise ValueError("change_external_chat without ChatId")
    if change == "dismiss":
        _known(chat_id)
        spool.emit(
            "group_dismissed",
            {"chat_id": chat_id, "dismissed_at": int(fields.get("CreateTime") or 0)},
            source=f"dismissed:{event.dedupe_key}",
            received_at=event.received_at,
        )
        return
    cause = "create" if change == "create" else f"update:{fields.get('UpdateDetail', '')}"
    group_snapshot_emit(chat_id, cause=cause, source=event.dedupe_key, at=event.received_at)


def kf_sync(open_kfid: str, token: str, *, at=None) -> int:
    """kf/sync_msg from the stored cursor on: each message a resident wrote becomes a `kf_message` envelope."""
    cursor_row, _ = KfCursor.objects.get_or_create(open_kfid=open_kfid)
    cursor, emitted = cursor_row.cursor, 0
    while True:
        answer = client().kf_sync_msg(open_kfid=open_kfid, token=token, cursor=cursor)
        for msg in answer.get("msg_list", []):
            if int(msg.get("origin", 0)) != 3:  # 3: sent by the WeChat user; 4: system events; 5: our own servicer
                continue
            msgtype = msg.get("msgtype", "")
            text = (msg.get("text") or {}).get("content", "") if msgtype == "text" else ""
            payload = {
                "open_kfid": msg.get("open_kfid", open_kfid),
                "external_userid": msg.get("external_userid", ""),
                "msgid": msg.get("msgid", ""),
                "send_time": int(msg.get("send_time", 0)),
                "msgtype": msgtype,
                "text": text,
                "chat_id": "",
            }
            spool.emit("kf_message", payload, source=f"kf:{open_kfid}:{payload['msgid']}", received_at=at)
            emitted += 1
        cursor = answer.get("next_cursor", cursor)
        KfCursor.objects.filter(pk=cursor_row.pk).update(cursor=cursor)
        if not int(answer.get("has_more", 0)):
            return emitted


def event_process(event: RawEvent) -> str:
    """Process one stored callback. Returns the status it ends in."""
    if event.kind == "change_external_chat":
        _handle_change_external_chat(event)
        return RawEvent.Status.DONE
    if event.kind == "kf_msg_or_event":
        kf_sync(event.fields.get("OpenKfId", ""), event.fields.get("Token", ""), at=event.received_at)
        return RawEvent.Status.DONE
    return RawEvent.Status.IGNORED  # stored raw; nothing to do


def events_process_pending(*, limit: int = 100) -> int:
    """The worker's pass: claim pending callbacks one by one (an UPDATE, so two workers never take the same one),
    process each, and retry a failed one later with a growing delay until WECOM_EVENT_ATTEMPTS."""
    done = 0
    now = timezone.now()
    ids = list(
        RawEvent.objects.filter(status=RawEvent.Status.PENDING, not_before__lte=now)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    for pk in ids:
        if not RawEvent.objects.filter(pk=pk, status=RawEvent.Status.PENDING).update(
            status=RawEvent.Status.WORKING, attempts=F("attempts") + 1
        ):
            continue
        event = RawEvent.objects.get(pk=pk)
        try:
            status = event_process(event)
        except (WeComError, ValueError, KeyError, TypeError) as err:
            failed = event.attempts >= setting("WECOM_EVENT_ATTEMPTS")
            delay = 5 * 2 ** min(event.attempts, 8)
            RawEvent.objects.filter(pk=pk).update(
                status=RawEvent.Status.FAILED if failed else RawEvent.Status.PENDING,
                last_error=str(err)[:2000],
                not_before=timezone.now() + timedelta(seconds=delay),
            )
            log.warning("wecom callback %s failed (final: %s): %s", pk, failed, err)
            continue
        RawEvent.objects.filter(pk=pk).update(status=status, processed_at=timezone.now(), last_error="")
        log.info("wecom callback %s processed: %s", pk, status)
        done += 1
    return done


def events_release_stale() -> int:
    """At a worker's start: callbacks a crashed worker held are pending again."""
    return RawEvent.objects.filter(status=RawEvent.Status.WORKING).update(status=RawEvent.Status.PENDING)


# -- reconcile ---------------------------------------------------------------------------------------------------


def reconcile(*, extra_chat_ids=()) -> dict:
    """The nightly pass: every group groupchat/list shows, plus every chat id the gateway has heard of or was told
    about, gets a fresh groupchat/get → `group_snapshot` (cause "reconcile"; heals a missed callback) or
    `group_not_visible` (90501)."""
    run = timezone.now().isoformat()
    listed = [row["chat_id"] for row in client().groupchat_list()]
    chat_ids = list(dict.fromkeys([*listed, *KnownChat.objects.values_list("chat_id", flat=True)]))
    chat_ids += [c for c in [*setting("WECOM_RECONCILE_CHAT_IDS"), *extra_chat_ids] if c not in chat_ids]
    summary = {"snapshots": 0, "not_visible": 0, "errors": 0}
    for chat_id in chat_ids:
        try:
            envelope = group_snapshot_emit(
                chat_id, cause="reconcile", source=f"reconcile:{run}:{chat_id}", at=timezone.now()
            )
        except WeComError as err:
            summary["errors"] += 1
            log.warning("wecom reconcile error on %s: %s", chat_id, err)
            continue
        summary["snapshots" if envelope["kind"] == "group_snapshot" else "not_visible"] += 1
    log.info("wecom reconcile: %s", summary)
    return summary


# -- outbox: the core's broadcasts ----------------------------------------------------------------------------------


def _report(item: BroadcastItem, status: str, detail: str = "") -> None:
    spool.emit(
        "broadcast_status",
        {
            "outbound_id": item.outbound_id,
            "chat_id": item.chat_id,
            "status": status,
            "msgid": item.msgid,
            "detail": detail,
        },
        source=f"broadcast:{item.outbound_id}:{item.chat_id}:{status}:{item.msgid}",
    )


def outbox_intake() -> dict:
    """Read `to_gateway` envelopes: a `broadcast` becomes one queued item per group; an id seen before is skipped; a
    file that is not a broadcast envelope goes to bad/ (logged), never stopping the reader."""
    summary = {"applied": 0, "skipped": 0, "bad": 0}
    for path in spool.pending(spool.TO_GATEWAY):
        try:
            envelope = json.loads(path.read_text())
            if envelope.get("kind") != "broadcast":
                raise ValueError(f"unknown kind {envelope.get('kind')!r}")
            payload = envelope["payload"]
            chat_ids = [str(c) for c in payload["chat_ids"] if c]
            sender, text = str(payload["sender"]), str(payload["text"])
            if not (envelope["id"] and chat_ids and sender and text):
                raise ValueError("broadcast without id, chat_ids, sender or text")
        except (ValueError, KeyError, TypeError, AttributeError, OSError) as err:
            log.warning("wecom bad envelope %s moved to bad/: %s", path.name, err)
            spool.move(path, "bad")
            summary["bad"] += 1
            continue
        with transaction.atomic():
            _, created = InboundEnvelope.objects.get_or_create(id=envelope["id"], defaults={"kind": "broadcast"})
            if created:
                for chat_id in dict.fromkeys(chat_ids):
                    BroadcastItem.objects.get_or_create(
                        outbound_id=envelope["id"], chat_id=chat_id, defaults={"sender": sender, "text": text}
                    )
                    _known(chat_id)
        summary["applied" if created else "skipped"] += 1
        spool.move(path, "done")
    return summary


COUNTED = [BroadcastItem.Status.SUBMITTED, BroadcastItem.Status.CONFIRMED, BroadcastItem.Status.SENT]


def _month_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def outbox_submit() -> dict:
    """Submit queued items as add_msg_template (one task per broadcast for its groups under the cap). A group that
    already had WECOM_MONTHLY_CAP tasks this natural month keeps its item queued (`queued_cap`, reported once) — never
    dropped: a later run submits it when the month turns."""
    now = timezone.now()
    since = _month_start(now)
    cap = setting("WECOM_MONTHLY_CAP")
    summary = {"submitted": 0, "queued_cap": 0, "failed": 0, "deferred": 0}
    waiting = BroadcastItem.objects.filter(
        status__in=[BroadcastItem.Status.PENDING, BroadcastItem.Status.QUEUED_CAP]
    ).order_by("id")
    batches = defaultdict(list)
    for item in waiting:
        batches[(item.outbound_id, item.sender, item.text)].append(item)
    for (_outbound, sender, text), items in batches.items():
        allowed = []
        for item in items:
            used = BroadcastItem.objects.filter(chat_id=item.chat_id, status__in=COUNTED, submitted_at__gte=since)
            if used.count() >= cap:
                if item.status != BroadcastItem.Status.QUEUED_CAP:
                    item.status = BroadcastItem.Status.QUEUED_CAP
                    item.detail = f"本月已达上限 {cap} 条（解读）"
                    item.save(update_fields=["status", "detail"])
                    _report(item, "queued_cap", item.detail)
                summary["queued_cap"] += 1
            else:
                allowed.append(item)
        if not allowed:
            continue
        try:
            answer = client().add_msg_template(sender=sender, chat_ids=[i.chat_id for i in allowed], text=text)
        except (RateLimited, TransportError) as err:
            log.warning("wecom broadcast deferred: %s", err)
            summary["deferred"] += len(allowed)
            continue
        except WeComError as err:
            for item in allowed:
                BroadcastItem.objects.filter(pk=item.pk).update(status=BroadcastItem.Status.FAILED, detail=str(err))
                _report(item, "failed", str(err))
            summary["failed"] += len(allowed)
            continue
        for item in allowed:
            item.status, item.msgid, item.submitted_at = BroadcastItem.Status.SUBMITTED, answer["msgid"], now
            item.detail = ""
            item.save(update_fields=["status", "msgid", "submitted_at", "detail"])
            _report(item, "submitted")
        summary["submitted"] += len(allowed)
        log.info("wecom broadcast submitted: %s to %s groups", answer["msgid"], len(allowed))
    return summary


def outbox_poll() -> dict:
    """get_groupmsg_task / get_groupmsg_send_result for submitted tasks: the member confirmed it in the client
    (`confirmed`), a group got it (`sent`), or WeCom refused it for the group (`failed`; status 3, the group already
    had its 群发, puts the item back in the queue as `queued_cap`)."""
    summary = {"confirmed": 0, "sent": 0, "failed": 0, "queued_cap": 0}
    open_items = BroadcastItem.objects.filter(
        status__in=[BroadcastItem.Status.SUBMITTED, BroadcastItem.Status.CONFIRMED]
    ).exclude(msgid="")
    by_msgid = defaultdict(list)
    for item in open_items:
        by_msgid[item.msgid].append(item)
    for msgid, items in by_msgid.items():
        try:
            tasks = client().groupmsg_task(msgid)
            results = {row.get("chat_id"): row for row in client().groupmsg_send_result(msgid, items[0].sender)}
        except WeComError as err:
            log.warning("wecom broadcast poll of %s failed: %s", msgid, err)
            continue
        confirmed = any(int(t.get("status", 0)) == 2 for t in tasks)  # get_groupmsg_task: 0 未发送, 2 已发送
        for item in items:
            row = results.get(item.chat_id)
            state = int(row.get("status", 0)) if row else 0
            if state == 1:
                item.status = BroadcastItem.Status.SENT
            elif state == 2:
                item.status, item.detail = BroadcastItem.Status.FAILED, "企业微信：发送失败"
            elif state == 3:
                item.status, item.detail = BroadcastItem.Status.QUEUED_CAP, "企业微信：该群已收到其他群发，重新排队"
            elif confirmed and item.status == BroadcastItem.Status.SUBMITTED:
                item.status = BroadcastItem.Status.CONFIRMED
            else:
                continue
            item.save(update_fields=["status", "detail"])
            _report(item, item.status, item.detail)
            summary[item.status] += 1
    return summary


def outbox_run() -> dict:
    return {"intake": outbox_intake(), "submit": outbox_submit(), "poll": outbox_poll()}
