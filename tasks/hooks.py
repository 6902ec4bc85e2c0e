"""Callbacks other apps register (in their ``AppConfig.ready``) to hear about task state changes, so tasks
never imports them: the rules engine recomputes the obligation a closed standing task belonged to."""

from collections.abc import Callable

after_task_closed: list[Callable] = []
