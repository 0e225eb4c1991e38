"""The description of each kind of record that lists, pages, forms and the API share.

An app declares an `EntitySpec` per model in its `entities.py`; the generic
views in `core.views`, the URL patterns and the API routers are built from it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from .access import Access
from .visibility import RecordQuerySet, records

if TYPE_CHECKING:  # only the type: forms look kinds up here (spec_for_model), so no import at run time
    from .forms import RecordForm


@dataclass(frozen=True)
class Column:
    label: Any
    attr: str  # dotted path on the record, or the name of a model field
    sort: str = ""  # the order_by field when the column is sortable
    link: bool = False


@dataclass(frozen=True)
class Related:
    """A section of a detail page listing records related to the one shown."""

    title: Any
    entity: str  # key of the related EntitySpec
    lookup: str  # filter on the related model that selects the rows for this record
    create_param: str = ""  # query parameter pre-filling the create form


@dataclass
class EntitySpec:
    key: str  # URL segment and API path: "agreements"
    model: type[Model]
    form_class: type["RecordForm"]
    columns: list[Column]
    search_fields: list[str]
    filter_fields: list[str] = field(default_factory=list)
    default_sort: str = ""
    select_related: list[str] = field(default_factory=list)
    # A page's ids are chosen first, then read with their joins (paging.rows_by_ids): for kinds of many rows, listed
    # in the order of a related record's name or along an index the joins would keep SQLite from reading
    pages_by_ids: bool = False
    prefetch_related: list[str] = field(default_factory=list)
    detail_fields: list[str] = field(default_factory=list)
    internal_fields: list[str] = field(default_factory=list)  # never published: pages and CSV show them to members only
    secret_fields: list[str] = field(default_factory=list)  # shown to nobody: no page, export or API answer
    related: list[Related] = field(default_factory=list)
    api_fields: list[str] = field(default_factory=list)
    detail_template: str = "core/record_detail.html"
    detail_context: Callable[[Any, Any], dict[str, Any]] | None = None  # (record, access) -> extra context
    # (record) -> (label, URL) or None: pages about the record that apps above declare (the handover dossier)
    detail_links: list[Callable[[Any], tuple[Any, str] | None]] = field(default_factory=list)

    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name or ""

    def url_name(self, action: str) -> str:
        return f"{self.app_label}:{self.model_name}-{action}"

    def base_queryset(self) -> "RecordQuerySet[Any]":
        qs = records(self.model).select_related("owner", *self.select_related)
        return qs.prefetch_related(*self.prefetch_related) if self.prefetch_related else qs

    def hidden_fields(self, access: Access) -> set[str]:
        """The fields this reader may not see: the secret ones, and the internal ones for readers outside
        the organisations."""
        return set(self.secret_fields) | (set() if access.can_read_internal else set(self.internal_fields))

    @property
    def sort_options(self) -> dict[str, str]:
        return {c.sort: c.sort for c in self.columns if c.sort}


REGISTRY: dict[str, EntitySpec] = {}


def register(spec: EntitySpec) -> EntitySpec:
    REGISTRY[spec.key] = spec
    return spec


def spec_for_model(model: type[Model]) -> EntitySpec | None:
    return next((s for s in REGISTRY.values() if s.model is model), None)
