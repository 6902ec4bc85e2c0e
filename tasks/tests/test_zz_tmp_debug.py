from rules.calendar import is_workday
from tasks.models import Task, TaskKind


def test_debug(users):
    computed = Task.objects.filter(kind__in=(TaskKind.STANDING, TaskKind.VERIFICATION), due_at__isnull=True)
    bad = [t for t in computed if not is_workday(t.due_on)]
    for t in bad[:20]:
        print("BAD", t.pk, t.kind, t.obligation_code, t.due_on, t.record_type, t.record_id, t.title, t.created_at)
    assert not bad
