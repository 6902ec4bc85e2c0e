"""duty answers ``org.hooks.duty_officers_at`` for the modules below it (casework's hand-over duty officer)."""

from org.hooks import register_duty_lookup


def _on_duty_users(*, station, when):
    from .selectors import on_duty_at

    return [s.user for s in on_duty_at(station=station, when=when) if getattr(s, "user", None)]


def register() -> None:
    register_duty_lookup(_on_duty_users)
