from django.shortcuts import render


def home(request):
    """The front page: what the platform is, for a teacher who has never seen it."""
    return render(request, "home.html")
