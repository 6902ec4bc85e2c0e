"""WeCom's callback: GET verifies the URL (the decrypted echostr alone), POST stores the event and answers "success"
at once — a worker processes it afterwards (WeCom retries a POST not answered within 5 s, three times).

Every refusal is a 4xx with a short reason, never a 500: a bad signature, a wrong receive id (corp id) or a timestamp
outside WECOM_MAX_SKEW (a reading) → 403; a missing parameter, garbage base64, a ciphertext that does not decrypt or
XML that is not WeCom's → 400; an oversized body → 413."""

import logging
import time

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services, xmlmsg
from .conf import setting
from .crypto import CallbackError, ConfigError, MsgCrypt

log = logging.getLogger("wecom.callback")


def _refuse(status: int, code: str) -> HttpResponse:
    log.warning("wecom callback refused: %s %s", status, code)
    return HttpResponse(code, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request):
    try:
        crypt = MsgCrypt(setting("WECOM_TOKEN"), setting("WECOM_AES_KEY"), setting("WECOM_CORP_ID"))
    except ConfigError:
        return _refuse(503, "gateway_not_configured")
    params = request.GET
    needed = ["msg_signature", "timestamp", "nonce"] + (["echostr"] if request.method == "GET" else [])
    if missing := [name for name in needed if not params.get(name)]:
        return _refuse(400, "missing_" + missing[0])
    window = {"now": time.time(), "max_skew": setting("WECOM_MAX_SKEW")}
    try:
        if request.method == "GET":
            # A base64 echostr has no spaces: one is a "+" a proxy failed to percent-encode.
            echostr = params["echostr"].replace(" ", "+")
            plain = crypt.verify_url(params["msg_signature"], params["timestamp"], params["nonce"], echostr, **window)
            return HttpResponse(plain, content_type="text/plain; charset=utf-8")
        if len(request.body) > setting("WECOM_MAX_BODY"):
            return _refuse(413, "too_large")
        outer = xmlmsg.parse(request.body)
        encrypted = outer.get("Encrypt")
        if not isinstance(encrypted, str) or not encrypted:
            return _refuse(400, "missing_encrypt")
        plaintext = crypt.decrypt_message(
            params["msg_signature"], params["timestamp"], params["nonce"], encrypted, **window
        )
        fields = xmlmsg.parse(plaintext)
    except CallbackError as err:
        return _refuse(err.status, err.code)
    except xmlmsg.XMLRefused:
        return _refuse(400, "bad_xml")
    if not fields:
        return _refuse(400, "empty_message")
    services.callback_record(fields, plaintext)
    return HttpResponse("success", content_type="text/plain; charset=utf-8")
