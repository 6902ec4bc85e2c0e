from django.urls import path

from .views import accounts, audit, auth, errors, org, workbench

app_name = "web"

urlpatterns = [
    path("", workbench.workbench, name="workbench"),
    path("login/", auth.SignInView.as_view(), name="login"),
    path("logout/", auth.SignOutView.as_view(), name="logout"),
    path("password/", auth.password_change, name="password_change"),
    path("healthz", errors.health, name="health"),
    path("org/", org.org_tree, name="org_tree"),
    path("org/units/", org.org_unit_list, name="org_unit_list"),
    path("org/units/<int:pk>/", org.org_unit_detail, name="org_unit_detail"),
    path("org/staff/", org.staff_list, name="staff_list"),
    path("org/staff/new/", org.staff_form, name="staff_new"),
    path("org/staff/<int:pk>/", org.staff_detail, name="staff_detail"),
    path("org/staff/<int:pk>/edit/", org.staff_form, name="staff_edit"),
    path("org/teams/", org.team_list, name="team_list"),
    path("org/teams/<int:pk>/", org.team_detail, name="team_detail"),
    path("org/staffing/", org.staffing, name="staffing"),
    path("accounts/", accounts.user_list, name="user_list"),
    path("accounts/new/", accounts.user_new, name="user_new"),
    path("accounts/<int:pk>/", accounts.user_detail, name="user_detail"),
    path("accounts/<int:pk>/disable/", accounts.user_disable_view, name="user_disable"),
    path("accounts/<int:pk>/enable/", accounts.user_enable_view, name="user_enable"),
    path("accounts/<int:pk>/roles/", accounts.user_role_assign_view, name="user_role_assign"),
    path(
        "accounts/<int:pk>/roles/<int:assignment_pk>/revoke/", accounts.user_role_revoke_view, name="user_role_revoke"
    ),
    path("accounts/<int:pk>/password/", accounts.user_password_reset_view, name="user_password_reset"),
    path("audit/access/", audit.access_list, name="audit_access"),
    path("audit/operations/", audit.operation_list, name="audit_operations"),
    path("audit/logins/", audit.login_list, name="audit_logins"),
]
