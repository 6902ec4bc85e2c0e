"""Uploaded evidence (issue 21): kinds decided by content, size limit, checksum, clean names, random storage names,
and served only as a scoped download with ``attachment`` and ``nosniff``."""

import hashlib
import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fengqiao import uploads

JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00photo"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
DOCM = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>", "word/vbaProject.bin": b"\x00"})


def f(name: str, data: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.fast
@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("现场.jpg", JPG, "jpg"),
        ("报告.pdf", PDF, "pdf"),
        ("截图.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        ("照片.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
        ("照片.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heic"),
        ("谈话记录.docx", DOCX, "docx"),
        ("名单.xlsx", XLSX, "xlsx"),
        ("执法记录.mp4", b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "mp4"),
        ("执法记录.mov", b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "mov"),
        ("录音.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "m4a"),
        ("录音.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00", "mp3"),
        ("录音.wav", b"RIFF\x10\x00\x00\x00WAVEfmt ", "wav"),
        ("录音.amr", b"#!AMR\n\x00", "amr"),
    ],
)
def test_allowed_kinds_are_recognised_by_their_content(name, data, kind):
    checked = uploads.check(f(name, data), field="files")
    assert checked.kind.code == kind and checked.name == name
    assert checked.size == len(data) and checked.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.fast
def test_a_pdf_that_is_really_html_is_refused_with_a_chinese_field_message():
    with pytest.raises(ValidationError) as exc:
        uploads.check(f("报告.pdf", HTML, "application/pdf"), field="evidence")
    assert exc.value.message_dict == {
        "evidence": [
            "文件“报告.pdf”不是可接受的类型（可上传：PDF、JPG、PNG、WebP、HEIC、DOCX、XLSX、MP4、MOV、M4A、"
            "MP3、WAV、AMR、AVI）；是否是文件类型由文件内容判断，不看扩展名"
        ]
    }


@pytest.mark.fast
@pytest.mark.parametrize("name", ["page.html", "logo.svg", "tool.exe", "宏.docm", "a.pdf.html"])
def test_dangerous_names_are_refused_whatever_they_hold(name):
    with pytest.raises(ValidationError, match="不可上传"):
        uploads.check(f(name, PDF), field="files")


@pytest.mark.fast
def test_empty_too_large_macro_and_plain_zip_files_are_refused():
    with pytest.raises(ValidationError, match="是空的"):
        uploads.check(f("空.pdf", b""), field="files")
    with pytest.raises(ValidationError, match="超过1MB"):
        uploads.check(f("大.pdf", PDF + b"0" * (1024 * 1024)), field="files", max_mb=1)
    with pytest.raises(ValidationError, match="含有宏"):
        uploads.check(f("宏.docx", DOCM), field="files")
    with pytest.raises(ValidationError, match="不是可接受的类型"):
        uploads.check(f("打包.docx", _zip({"a.txt": b"x"})), field="files")
    with pytest.raises(ValidationError, match="不可上传"):  # a module that takes photos only
        uploads.check(f("报告.pdf", PDF), field="files", kinds=uploads.PHOTOS)


@pytest.mark.fast
def test_check_all_names_every_refused_file():
    with pytest.raises(ValidationError) as exc:
        uploads.check_all([f("a.pdf", HTML), f("b.jpg", JPG), f("c.jpg", b"GIF89a")], field="files")
    messages = exc.value.message_dict["files"]
    assert len(messages) == 2 and "a.pdf" in messages[0] and "c.jpg" in messages[1]
    assert uploads.check_all([], field="files") == []


@pytest.mark.fast
def test_names_are_cleaned_and_say_what_the_content_is():
    assert uploads.check(f("照片.png", JPG), field="f").name == "照片.jpg"
    assert uploads.check(f("扫描件", PDF), field="f").name == "扫描件.pdf"
    assert uploads.clean_name("..\\..\\etc\\报\x00告\r.PDF", uploads.PDF) == "报告.pdf"
    assert uploads.clean_name("a" * 300 + ".pdf", uploads.PDF) == "a" * 196 + ".pdf"
    facts = uploads.check(f("../../现场.jpg", JPG), field="f").facts()
    assert facts["name"] == "现场.jpg" and facts["content_type"] == "image/jpeg"
    assert "现场" not in facts["file"].name and facts["file"].name.endswith(".jpg")  # stored under a random name


# ---------------------------------------------------------------- through the modules


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_task_evidence_is_checked_and_served_only_in_scope(users, media, client, login):
    from django.utils import timezone

    from rules.tests.factories import record, tasks_of
    from tasks import services
    from tasks.models import TaskEvidence

    today = timezone.localdate()
    released = record(users, category="released_prisoner", started_on=today, as_of=today)
    [task] = tasks_of(released, "art41_2_released_first_talk")
    data = {"done_on": today.isoformat(), "talk_record": "法治教育谈话", "file_created": True}
    with pytest.raises(ValidationError) as exc:
        services.task_feedback_submit(acting_user=users["officer"], task=task, data=data, files=[f("报告.pdf", HTML)])
    assert "不是可接受的类型" in exc.value.message_dict["evidence"][0]
    assert not TaskEvidence.objects.filter(task=task).exists() and not list(media.rglob("*.*"))

    services.task_feedback_submit(acting_user=users["officer"], task=task, data=data, files=[f("谈话.pdf", PDF)])
    evidence = TaskEvidence.objects.get(task=task)
    assert (evidence.name, evidence.content_type, evidence.size) == ("谈话.pdf", "application/pdf", len(PDF))
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()

    login("officer")
    page = client.get(f"/tasks/{task.pk}/")
    assert f"/tasks/evidence/{evidence.pk}/".encode() in page.content
    response = client.get(f"/tasks/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    login("officer2")  # another station
    assert client.get(f"/tasks/evidence/{evidence.pk}/").status_code == 404


@pytest.mark.django_db
def test_subject_attachments_refuse_html_on_the_form_and_downloads_are_on_the_access_trail(users, media, client, login):
    from audit.models import AccessRecord
    from subjects.models import SubjectAttachment
    from subjects.tests.factories import marked

    s = marked(users, "threat", {"cause": "纠纷"}, on=date(2025, 2, 1))
    login("officer")
    visit = {
        "visited_on": "2025-04-01",
        "measure": "guidance",
        "way": "in_person",
        "met": "subject",
        "findings": "法治教育",
    }
    response = client.post(f"/subjects/{s.pk}/visit/", {**visit, "attachments": f("报告.pdf", HTML)})
    assert response.status_code == 200
    assert "文件“报告.pdf”不是可接受的类型" in response.content.decode()
    assert not SubjectAttachment.objects.filter(subject=s).exists()

    response = client.post(f"/subjects/{s.pk}/visit/", {**visit, "attachments": f("走访.jpg", JPG)})
    assert response.status_code == 302
    [attachment] = SubjectAttachment.objects.filter(subject=s)
    assert attachment.sha256 == hashlib.sha256(JPG).hexdigest()
    url = f"/subjects/attachments/{attachment.pk}/"
    assert url.encode() in client.get(f"/subjects/{s.pk}/").content
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    trail = AccessRecord.objects.filter(user=users["officer"], object_type="special_subject", action="download")
    assert trail.filter(object_id=str(s.pk), object_label__contains="走访.jpg").count() == 1
    login("officer2")
    assert client.get(url).status_code == 404
