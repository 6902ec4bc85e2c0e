"""A "replica" alias for the router's tests: a second connection to the test database (Django's test MIRROR),
so it sees what the session committed (the demo district) but not what a test writes inside its transaction —
like a replica that has not replayed it yet. Reads go there only where a test turns FENGQIAO_REPLICA_READS on."""

import copy

from django.conf import settings
from django.db import connections

if "replica" not in settings.DATABASES:
    replica = copy.deepcopy(connections["default"].settings_dict)
    replica.update(CONNECT_WAIT=0, OPTIONS={**replica.get("OPTIONS", {}), "connect_timeout": 2})
    replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": "default"}
    settings.DATABASES["replica"] = replica
    settings.FENGQIAO_REPLICA_READS = False
