from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role
from .scope import ScopedQuerySet, scoped_queryset


class UserQuerySet(ScopedQuerySet):
    """Accounts are scoped by the org units their roles are anchored at (any one of them)."""

    scope_path_lookup = "role_assignments__org_unit__path"

    def visible_to(self, user, perm=None):
        return super().visible_to(user, perm).distinct()


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    staff = models.OneToOneField(
        "org.Staff",
        verbose_name=_("对应人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held at an org unit; it covers that unit's subtree. A user may hold several."""

    user = models.ForeignKey(User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    created_at = models.DateTimeField(_("授权时间"), auto_now_add=True)

    objects = scoped_queryset("org_unit__path").as_manager()

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org_unit"], name="accounts_role_assignment_unique")
        ]

    def __str__(self):
        return f"{self.get_role_display()}@{self.org_unit}"
