from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def get_or_404(getter, **kwargs):
    """Call a scoped selector's ``*_get``; missing, out of scope or malformed all answer 404 (out of scope looks
    missing, so a record's existence does not leak)."""
    try:
        return getter(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None
