from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD
from online_groups.demo import write_fake_seed
from web.demo import build_demo


class Command(BaseCommand):
    help = "建立演示用的合成辖区（江枫市），并打印各角色的演示账号和密码。重复运行不会重复建立。"

    def add_arguments(self, parser):
        parser.add_argument("--stations", type=int, default=4, help="派出所个数（默认4）")
        parser.add_argument("--beats", type=int, default=4, help="每个派出所的警务区个数（默认4）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，同一种子结果相同")

    def handle(self, *args, stations, beats, seed, **options):
        if stations < 2 or beats < 2:
            raise CommandError("--stations 和 --beats 均不能小于 2")
        result = build_demo(stations=stations, beats_per_station=beats, seed=seed)
        if result.created:
            c = result.counts
            self.stdout.write(
                self.style.SUCCESS(
                    f"已建立演示辖区：{c['stations']} 个派出所，{c['beats']} 个警务区，"
                    f"{c['units']} 个单位，{c['staff']} 名人员，{c.get('residents', 0)} 名实有人口"
                )
            )
        else:
            self.stdout.write("演示辖区已存在，未重复建立。")
        if seed := write_fake_seed():  # the 云格 groups for the gateway's fake WeCom (python -m wecom demo)
            self.stdout.write(f"云格演示群已写入 {seed}（模拟企业微信读取）")
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role, unit in result.accounts:
            self.stdout.write(f"  {username:<22} {role:<10} {unit}")
