from django.urls import path

from .views import disputes, mediation

app_name = "casework"

urlpatterns = [
    path("disputes/", disputes.dispute_list, name="dispute_list"),
    path("disputes/new/", disputes.dispute_new, name="dispute_new"),
    path("disputes/indicators/", disputes.indicators, name="dispute_indicators"),
    path("disputes/<int:pk>/", disputes.dispute_detail, name="dispute_detail"),
    path("disputes/<int:pk>/parties/new/", disputes.party_new, name="party_new"),
    path("disputes/<int:pk>/assists/new/", disputes.assist_new, name="assist_new"),
    path("disputes/<int:pk>/risk/", disputes.risk_edit, name="risk_edit"),
    path("disputes/<int:pk>/actions/new/", disputes.action_new, name="action_new"),
    path("disputes/<int:pk>/follow-ups/new/", disputes.follow_up_new, name="follow_up_new"),
    path("disputes/<int:pk>/agreements/new/", disputes.agreement_new, name="agreement_new"),
    path("disputes/<int:pk>/resolve/", disputes.resolve, name="resolve"),
    path("disputes/<int:pk>/repeat/", disputes.repeat_mark, name="repeat_mark"),
    path("disputes/<int:pk>/handover/", disputes.handover_new, name="handover_new"),
    path("agreements/<int:pk>/performance/", disputes.agreement_performance, name="agreement_performance"),
    path("candidates/<int:pk>/decide/", disputes.candidate_decide, name="candidate_decide"),
    path("parties/<int:pk>/mark/", disputes.marking_new, name="marking_new"),
    path("mediators/", mediation.mediator_list, name="mediator_list"),
    path("mediators/new/", mediation.mediator_new, name="mediator_new"),
    path("mediators/<int:pk>/", mediation.mediator_edit, name="mediator_edit"),
    path("mediation/", mediation.my_mediation, name="my_mediation"),
    path("mediation/<int:pk>/", mediation.my_handover, name="my_handover"),
    path("mediation/<int:pk>/accept/", mediation.handover_accept, name="handover_accept"),
    path("mediation/<int:pk>/result/", mediation.handover_result, name="handover_result"),
    path("handover-files/<int:pk>/", mediation.handover_file, name="handover_file"),
    path("limits/", mediation.limits, name="limits"),
]
