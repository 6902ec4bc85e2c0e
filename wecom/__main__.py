"""The gateway's entry point (docs/adr/0014):

    python -m wecom migrate               create/upgrade the gateway's own database
    python -m wecom serve [--port 8020]   the callback endpoint (/wecom/callback) and the callback worker
    python -m wecom work                  the callback worker alone (when gunicorn serves wecom.wsgi)
    python -m wecom reconcile             the nightly pass: groupchat/list + get → snapshots, 90501 flags
    python -m wecom outbox [--every 60]   the core's broadcasts: intake, submit (monthly cap), poll send results
    python -m wecom demo [--once]         a fake WeCom with the demo's four groups, the gateway against it
    python -m wecom demo --add-member CHAT_ID NAME   (while the demo runs) someone joins a group on its fake
    python -m wecom demo --hints          what to try against the running demo

Settings come from the environment (wecom/settings.py); DJANGO_SETTINGS_MODULE defaults to wecom.settings.
"""

import argparse
import json
import os
import sys
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecom.settings")
    import django

    django.setup()


def _migrate():
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wecom", description="企业微信网关")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate")
    serve = commands.add_parser("serve")
    serve.add_argument("--host", default=os.environ.get("WECOM_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("WECOM_PORT", "8020")))
    serve.add_argument("--no-worker", action="store_true")
    work = commands.add_parser("work")
    work.add_argument("--once", action="store_true")
    commands.add_parser("reconcile")
    outbox = commands.add_parser("outbox")
    outbox.add_argument("--every", type=float, default=0, help="repeat every N seconds (default: once)")
    demo = commands.add_parser("demo")
    demo.add_argument("--once", action="store_true", help="seed, show the flow, and exit")
    demo.add_argument("--port", type=int, default=int(os.environ.get("WECOM_PORT", "8020")))
    demo.add_argument(
        "--add-member", nargs=2, metavar=("CHAT_ID", "NAME"), help="a running demo: NAME joins CHAT_ID on the fake"
    )
    demo.add_argument("--userid", default="", help="with --add-member: the member's userid")
    demo.add_argument("--type", type=int, choices=(1, 2), help="with --add-member: 1 企业成员, 2 外部联系人")
    demo.add_argument("--nickname", default=None, help="with --add-member: the group nickname")
    demo.add_argument("--hints", action="store_true", help="print what to try against the running demo")
    args = parser.parse_args(argv)

    if args.command == "demo":
        from . import demo as demo_module

        if args.hints:
            return demo_module.print_hints()
        if args.add_member:
            chat_id, name = args.add_member
            return demo_module.add_member(chat_id, name, userid=args.userid, type=args.type, nickname=args.nickname)
        return demo_module.run_demo(port=args.port, once=args.once)

    _setup()
    from . import services

    if args.command == "migrate":
        _migrate()
    elif args.command == "serve":
        from .runtime import Worker, start_server

        _migrate()
        server = start_server(args.host, args.port)
        worker = None if args.no_worker else Worker()
        if worker:
            worker.start()
        print(f"wecom gateway: http://{args.host}:{server.server_port}/wecom/callback", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.shutdown()
            if worker:
                worker.stop()
    elif args.command == "work":
        from .runtime import Worker

        if args.once:
            services.events_release_stale()
            print(services.events_process_pending())
        else:
            worker = Worker()
            worker.start()
            worker.join()
    elif args.command == "reconcile":
        print(json.dumps(services.reconcile(), ensure_ascii=False))
    elif args.command == "outbox":
        while True:
            print(json.dumps(services.outbox_run(), ensure_ascii=False), flush=True)
            if not args.every:
                break
            time.sleep(args.every)
    return 0


if __name__ == "__main__":
    sys.exit(main())
