from .navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu": menu_for(user),
        "current_url_name": request.resolver_match.view_name if request.resolver_match else "",
    }
