from django.db.models import QuerySet

from interlocal.core.access import Author
from interlocal.core.permissions import Access

from .models import RegistryImport


def imports_visible_to(access: Access, user: Author) -> "QuerySet[RegistryImport]":
    """Imports a reader may follow: their own, and every one for a coordinator (a dry run names many records)."""
    imports = RegistryImport.objects.select_related("owner", "user")
    if access.coordinator:
        return imports
    return imports.filter(user_id=getattr(user, "pk", None) or 0)
