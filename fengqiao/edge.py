"""What enters at the edge is cleaned once, here, for every page, API call and import (issue 10).

Control characters (C0 except tab, line feed and carriage return; DEL; C1) carry nothing a person meant to type:
they come from a paste out of another program, a broken file or someone probing. PostgreSQL cannot even store
NUL in a text column (``DataError``, a 500). So they are dropped where input enters — query strings, form fields,
uploaded file names, JSON bodies (``ControlCharacterMiddleware``) and import cells (``registry.importer``) — and
no service, selector or form has to think about them. A path holding one names no page (404).

The identity-text checks in ``fengqiao.names`` still refuse control characters for callers that bypass the edge
(a job, a command, a test calling a service).
"""

from __future__ import annotations

import json
import re

from django.http import Http404, QueryDict

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A JSON escape of a control character (\u0000 … \u001f except \t \n \r, \u007f … \u009f); a quick test before
# a body is parsed and written again.
_ESCAPED_CONTROL = re.compile(r"\\u00(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])", re.IGNORECASE)
JSON_TYPES = ("application/json",)


def strip_controls(text: str) -> str:
    return CONTROL.sub("", text)


def clean(value):
    """``value`` with control characters dropped from every string in it (keys of mappings included)."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    return value


def _clean_querydict(query: QueryDict) -> QueryDict:
    if not any(CONTROL.search(k) or any(CONTROL.search(v) for v in vs) for k, vs in query.lists()):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(strip_controls(key), [strip_controls(v) for v in values])
    cleaned._mutable = False
    return cleaned


def _clean_json_body(request) -> None:
    body = request.body  # over DATA_UPLOAD_MAX_MEMORY_SIZE this raises RequestDataTooBig: a 400 in words
    try:
        text = body.decode(request.encoding or "utf-8")
    except UnicodeDecodeError:
        return  # the API answers that the body is not valid JSON
    if not (CONTROL.search(text) or _ESCAPED_CONTROL.search(text)):
        return
    try:
        data = json.loads(text, strict=False)  # raw control characters inside strings too
    except ValueError:
        return
    request._body = json.dumps(clean(data), ensure_ascii=False).encode("utf-8")


class ControlCharacterMiddleware:
    """Drops control characters from the query string, form fields, uploaded file names and JSON bodies of every
    request before any view, form or API schema sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL.search(request.path_info):
            raise Http404
        request.GET = _clean_querydict(request.GET)
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            if request.content_type in JSON_TYPES:
                _clean_json_body(request)
            elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                request.POST = _clean_querydict(request.POST)
                for _key, files in request.FILES.lists():
                    for upload in files:
                        if upload.name and CONTROL.search(upload.name):
                            upload.name = strip_controls(upload.name)
        return self.get_response(request)
