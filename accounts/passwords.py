from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndDigitsValidator:
    """Password rule: letters and digits both present (the station's password policy)."""

    message = "密码须同时包含字母和数字"

    def validate(self, password, user=None):
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError(_(self.message), code="password_letters_and_digits")

    def get_help_text(self):
        return _(self.message)
