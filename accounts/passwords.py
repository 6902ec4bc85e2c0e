from django.contrib.auth import password_validation
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


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a Chinese message (its zh-hans catalogue lacks this string in 5.2)."""

    message = "密码长度太短，至少需要 {min_length} 个字符"

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _(self.message).format(min_length=self.min_length),
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return _(self.message).format(min_length=self.min_length)
