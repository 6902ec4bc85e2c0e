"""Loopback load run of a realistic mix on the production stack (bench/load/run.sh drives it).

Officers open the workbench, lists, a subject, record visits and submit task feedback; station leads open the
dashboards; one importer uploads a residents file every minute (a background job). Every write the server
acknowledged (a redirect after POST) is appended to LOAD_ACK_FILE with a token, so bench/load/verify.py can count
them in the database afterwards.
"""

import itertools
import json
import os
import random
import re
import time
from html import unescape

from locust import HttpUser, between, constant, events, task

PASSWORD = "Fengqiao2026"
RUN = os.environ.get("LOAD_RUN", time.strftime("%H%M%S"))
ACK_FILE = os.environ.get("LOAD_ACK_FILE", f"/tmp/load-ack-{RUN}.jsonl")
OFFICERS = int(os.environ.get("LOAD_OFFICERS", 96))
LEADS = int(os.environ.get("LOAD_LEADS", 12))
THINK = float(os.environ.get("LOAD_THINK", 1.0))  # multiplies every user's pause between clicks
_seq = itertools.count(1)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def ack(kind: str, **fields) -> None:
    with open(ACK_FILE, "a") as fh:
        fh.write(json.dumps({"kind": kind, **fields}) + "\n")


class SignedIn(HttpUser):
    abstract = True

    def sign_in(self, username: str) -> None:
        self.client.get("/login/", name="/login/")
        response = self.client.post(
            "/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken")},
            allow_redirects=False,
            name="sign in",
        )
        if response.status_code != 302:
            raise RuntimeError(f"sign-in of {username} failed: {response.status_code}")

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")


class Officer(SignedIn):
    weight = 8
    wait_time = between(5 * THINK, 15 * THINK)

    def on_start(self):
        self.sign_in(f"load_officer_{random.randrange(OFFICERS):03d}")
        page = self.client.get("/subjects/", name="/subjects/ (list)").text
        self.subject_ids = sorted(set(re.findall(r'href="/subjects/(\d+)/"', page)))
        page = self.client.get("/tasks/", name="/tasks/ (list)").text
        self.task_ids = sorted(set(re.findall(r'href="/tasks/(\d+)/"', page)))

    @task(4)
    def workbench(self):
        self.client.get("/", name="/ (workbench)")

    @task(4)
    def lists(self):
        url = random.choice(["/tasks/", "/subjects/", "/registry/residents/", "/org/staff/", "/registry/houses/"])
        self.client.get(f"{url}?page={random.randint(1, 3)}", name=f"{url} (list)")

    @task(1)
    def search(self):
        self.client.get("/registry/residents/?q=" + random.choice("王李张刘陈杨"), name="/registry/residents/ (search)")

    @task(3)
    def subject(self):
        if self.subject_ids:
            self.client.get(f"/subjects/{random.choice(self.subject_ids)}/", name="/subjects/<id>/")

    @task(2)
    def record_visit(self):
        if not self.subject_ids:
            return
        pk = random.choice(self.subject_ids)
        self.client.get(f"/subjects/{pk}/visit/", name="/subjects/<id>/visit/ (form)")
        token = f"LT-{RUN}-{os.getpid()}-{next(_seq)}"
        response = self.client.post(
            f"/subjects/{pk}/visit/",
            {
                "csrfmiddlewaretoken": self.csrf(),
                "visited_on": time.strftime("%Y-%m-%d"),
                "measure": "investigate",
                "way": "in_person",
                "met": "subject",
                "met_names": "本人",
                "findings": f"走访了解情况正常 {token}",
                "recurrence_found": "unknown",
                "next_steps": "继续关注",
            },
            allow_redirects=False,
            name="POST visit",
        )
        if response.status_code == 302:
            ack("visit", token=token, subject=pk)

    @task(2)
    def task_feedback(self):
        if not self.task_ids:
            return
        pk = random.choice(self.task_ids)
        page = self.client.get(f"/tasks/{pk}/", name="/tasks/<id>/").text
        if f"/tasks/{pk}/accept/" in page:
            r = self.client.post(
                f"/tasks/{pk}/accept/", {"csrfmiddlewaretoken": self.csrf()}, allow_redirects=False, name="POST accept"
            )
            if r.status_code == 302:
                ack("accept", task=pk)
            page = self.client.get(f"/tasks/{pk}/", name="/tasks/<id>/").text
        form = re.search(rf'<form[^>]*action="/tasks/{pk}/feedback/"[^>]*>(.*?)</form>', page, re.S)
        if not form:
            self.task_ids.remove(pk)  # nothing to feed back any more (done, or not ours)
            return
        token = f"LT-{RUN}-{os.getpid()}-{next(_seq)}"
        data, files = {"csrfmiddlewaretoken": self.csrf()}, {}
        body = form.group(1)
        for tag in re.finditer(r"<(input|textarea|select)\b([^>]*)>(.*?</select>)?", body, re.S):
            kind, attrs, options = tag.group(1), tag.group(2), tag.group(3) or ""
            name = re.search(r'name="([^"]+)"', attrs)
            if not name or name.group(1) == "csrfmiddlewaretoken":
                continue
            name, itype = name.group(1), (re.search(r'type="([^"]+)"', attrs) or [None, "text"])[1]
            if kind == "select":
                values = [unescape(v) for v in re.findall(r'<option value="([^"]+)"', options)]
                data[name] = values[0] if values else ""
            elif itype == "file":
                files[name] = ("evidence.png", PNG, "image/png")
            elif itype == "checkbox":
                data[name] = "on"
            elif itype == "date" or "date" in attrs:
                data[name] = time.strftime("%Y-%m-%d")
            elif itype not in ("hidden", "submit"):
                data[name] = f"已办理 {token}"
        response = self.client.post(
            f"/tasks/{pk}/feedback/", data, files=files, allow_redirects=False, name="POST feedback"
        )
        if response.status_code == 302:
            ack("feedback", token=token, task=pk)
            self.task_ids.remove(pk)


class Lead(SignedIn):
    weight = 2
    wait_time = between(8 * THINK, 20 * THINK)

    def on_start(self):
        self.sign_in(f"load_lead_{random.randrange(LEADS):02d}")

    @task
    def dashboards(self):
        url = random.choice(["/tasks/station/", "/tasks/rates/", "/subjects/station/", "/registry/indicators/", "/"])
        self.client.get(url, name=f"{url} (dashboard)")


class Importer(SignedIn):
    fixed_count = 1
    wait_time = constant(60)

    def on_start(self):
        self.sign_in("demo_control")
        self.n = 0

    @task
    def upload(self):
        from stdnum.cn import ric

        self.n += 1
        rows = ["姓名,公民身份号码,性别,出生日期,民族,联系电话,人口类型,现住地址,与房屋关系,户籍地址"]
        rng = random.Random(f"{RUN}-{self.n}")
        for i in range(200):
            birth = f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            body = f"320505{birth}{rng.randint(100, 999)}"
            number = body + ric.calc_check_digit(body)
            gender = "男" if int(number[16]) % 2 else "女"
            rows.append(
                f"压测{self.n}号{i},{number},{gender},{birth[:4]}-{birth[4:6]}-{birth[6:]},汉族,1380000{i:04d},户籍人口,"
                f"江枫市江枫社区金枫路{10 + i // 20}号金枫花园{i // 10 + 1}栋1单元{i % 6 + 1}01室,户主,"
                "江苏省苏州市江枫社区"
            )
        self.client.get("/registry/import/", name="/registry/import/ (form)")
        response = self.client.post(
            "/registry/import/",
            {"csrfmiddlewaretoken": self.csrf(), "kind": "residents"},
            files={"file": (f"load-{RUN}-{self.n}.csv", "\n".join(rows).encode("utf-8"), "text/csv")},
            allow_redirects=False,
            name="POST import",
        )
        if response.status_code == 302:
            ack("import", job=response.headers.get("Location", "").rstrip("/").rsplit("/", 1)[-1])


@events.quitting.add_listener
def _(environment, **kwargs):
    # errors must be 0: make the run's exit status say so
    if environment.stats.total.num_failures:
        environment.process_exit_code = 1
