from school_councils import selectors


def roles(request):
    """Tells templates which role the visitor has, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_pupil": False, "is_staff_member": False}
    return {
        "is_pupil": selectors.is_pupil(user),
        "is_staff_member": selectors.is_staff_member(user),
    }
