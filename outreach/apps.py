from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "为民服务与关爱帮扶"

    def ready(self):
        from inspections.notices import NOTICE_KINDS

        from . import indicators  # noqa: F401  (declares the 第九十三条/第九十九条 indicators)
        from .adapters import register
        from .catalogue import CERTIFICATES

        register()
        # Certificates are notices of this module's kinds, printed by one template (inspections.notices).
        for code, spec in CERTIFICATES.items():
            NOTICE_KINDS.setdefault(
                f"outreach_{code}",
                {**spec, "template": "outreach/certificates/certificate.html"},
            )
