"""Apply the WeCom gateway's envelopes from the spool (``online_groups.inbox``): once, or ``--follow``."""

import time

from django.core.management.base import BaseCommand

from online_groups.inbox import run_once


class Command(BaseCommand):
    help = "应用企业微信网关交来的信封（云格群组、成员、客服消息、群发状态）"

    def add_arguments(self, parser):
        parser.add_argument("--spool", default=None, help="spool folder (default: FENGQIAO_WECOM_SPOOL)")
        parser.add_argument("--follow", action="store_true", help="keep polling")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between polls with --follow")

    def handle(self, *args, spool=None, follow=False, interval=5.0, **options):
        while True:
            counts = run_once(spool)
            if not follow or counts.applied or counts.bad or counts.unrouted or counts.released:
                self.stdout.write(str(counts))
            if not follow:
                return
            time.sleep(max(0.5, interval))
