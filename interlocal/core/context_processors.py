from typing import Any

from django.http import HttpRequest

from .permissions import access_for


def roles(request: HttpRequest) -> dict[str, Any]:
    return {"access": access_for(getattr(request, "user", None))}
