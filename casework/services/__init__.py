"""Casework services, by sub-domain: the stations' limits (common), disputes, mediation; incidents follow.
Callers import from here."""

from .common import limit_value, local_limit_set
from .disputes import (
    agreement_performance_record,
    agreement_record,
    dispute_action_record,
    dispute_assist_add,
    dispute_follow_up_record,
    dispute_marking_request,
    dispute_party_add,
    dispute_read,
    dispute_record,
    dispute_repeat_mark,
    dispute_resolve,
    dispute_risk_update,
    repeat_candidate_decide,
    repeat_candidates_find,
)
from .mediation import (
    handover_accept,
    handover_create,
    handover_deadlines_check,
    handover_result,
    mediator_register,
    mediator_update,
)

__all__ = [
    "agreement_performance_record",
    "agreement_record",
    "dispute_action_record",
    "dispute_assist_add",
    "dispute_follow_up_record",
    "dispute_marking_request",
    "dispute_party_add",
    "dispute_read",
    "dispute_record",
    "dispute_repeat_mark",
    "dispute_resolve",
    "dispute_risk_update",
    "handover_accept",
    "handover_create",
    "handover_deadlines_check",
    "handover_result",
    "limit_value",
    "local_limit_set",
    "mediator_register",
    "mediator_update",
    "repeat_candidate_decide",
    "repeat_candidates_find",
]
