"""One REST router per EntitySpec: list, read, create, update, archive, history.

Writes are validated by the same ModelForm as the pages, so a bad value gets
the same message in both places, and they go through the same services.
"""

import operator
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.orm import create_schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.params import functions as params
from ninja.schema import DjangoGetter
from pydantic import ModelWrapValidatorHandler, ValidationInfo, create_model, model_validator

from interlocal.core import paging, services
from interlocal.core.entities import REGISTRY, EntitySpec, spec_for_model
from interlocal.core.forms import VERSION_FIELD
from interlocal.core.paging import COUNT_CAP, capped_count, rows_by_ids
from interlocal.core.permissions import Access, access_for, can_create_for, can_edit
from interlocal.core.scopes import scope_applies
from interlocal.core.selectors import changes_since, record_get, record_history, record_list
from interlocal.core.versions import StaleVersion, etag_of, if_match_versions, version_of
from interlocal.core.visibility import is_record_model, many_list, related_key

from .auth import TokenAuth, reader

COMMON_FIELDS = ["owner", "visibility", "language", "illustrative", "citation", "archived_at"]


class ErrorOut(Schema):
    """Every error answer under /api/: a sentence, the form's messages per field, or the request's validation errors."""

    detail: str | dict[str, list[str]] | list[dict[str, Any]] = Field(
        description="What was wrong: a sentence; or, for a refused record, the messages of each field "
        "(`__all__` for the record as a whole); or, for a malformed request, one entry per bad parameter."
    )


class ArchiveIn(Schema):
    archived: bool = True


class ChangeOut(Schema):
    field: str
    old: str | None
    new: str | None


class VersionOut(Schema):
    history_id: int
    date: datetime
    user: str | None
    kind: str
    reason: str
    changes: list[ChangeOut]


class MeanwhileChangeOut(Schema):
    field: str
    label: str
    old: str | None
    new: str | None


class SaveOut(Schema):
    user: str | None
    date: datetime


class StaleOut(Schema):
    detail: str
    changes: list[MeanwhileChangeOut]
    saves: list[SaveOut]
    etag: str = Field(description="The record's present ETag: read it again, then send this in If-Match.")


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

IfMatch = Annotated[
    str | None,
    params.Header(
        alias="If-Match",
        description="The ETag of the version this change was made from: if the record has changed since, "
        "nothing is written and the answer is 412. Without it the change is written whatever the version.",
    ),
]
ETAG_HEADER = {
    "headers": {"ETag": {"description": "The version of the record, for If-Match.", "schema": {"type": "string"}}}
}
UPDATE_DESCRIPTION = (
    "Change the fields given; the others keep their values. Send the ETag of the version read (GET) in "
    "If-Match so that a change made meanwhile by someone else is not overwritten: if the record is no longer "
    "at that version, nothing is written and the answer is 412 naming the fields changed meanwhile. Without "
    "If-Match the change is written as it comes. The answer carries the record's new ETag."
)


DbInt = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Limit and offset within what a database integer holds: a huge value gets a 422, not a 500.

    The count stops at `paging.COUNT_CAP` (10,000), as the pages' lists do: counting every one of ten million
    observations costs more than the page itself. `more` says whether the count stopped there.
    """

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000, description="Records per page (at most 1000).")
        offset: int = Field(0, ge=0, le=2**31 - 1)

    class Output(Schema):
        items: list[Any]
        count: int = Field(description=f"How many records match, counted up to {COUNT_CAP:,} (see `more`).")
        more: bool = Field(description=f"Whether more than {COUNT_CAP:,} records match: `count` stopped there.")

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        if not isinstance(queryset, models.QuerySet):
            return {self.items_attribute: queryset[offset : offset + limit], "count": len(queryset), "more": False}
        # A record list's count, remembered (`RecordListing.count`), as its handler leaves it on the request.
        count, more = getattr(request, "listing_count", None) or capped_count(queryset)
        spec = spec_for_model(queryset.model)
        paged_by_ids = spec is not None and spec.pages_by_ids
        items = rows_by_ids(queryset, offset, offset + limit) if paged_by_ids else queryset[offset : offset + limit]
        return {self.items_attribute: items, "count": count, "more": more}


def _key_type(field: "models.Field[Any, Any]") -> Any:
    """How a relation names its records: by id, or by code where the related model's key is one (SDG targets)."""
    related = field.related_model
    assert related is not None and not isinstance(related, str)
    key = related._meta.pk
    return DbInt if isinstance(key, models.IntegerField) else str


def _python_type(field: "models.Field[Any, Any]") -> Any:
    if isinstance(field, models.JSONField):
        return list[str] | str
    if isinstance(field, models.ManyToManyField):
        return list[_key_type(field)]  # type: ignore[misc]
    if isinstance(field, models.ForeignKey):
        return _key_type(field)
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.IntegerField):
        return DbInt
    if isinstance(field, models.DecimalField):
        return Decimal
    if isinstance(field, models.FloatField):
        return float
    if isinstance(field, models.DateField):
        return date
    return str


def input_schema(spec: EntitySpec) -> type[Schema]:
    """Every form field, optional, so the form (not the schema) says what is missing."""
    model_fields = {f.name: f for f in spec.model._meta.get_fields() if getattr(f, "concrete", False)}
    definitions: dict[str, Any] = {}
    for name in spec.form_class.base_fields:
        field = model_fields.get(name)
        kind = _python_type(field) if isinstance(field, models.Field) else str
        definitions[name] = (kind | None, None)
    return create_model(f"{api_name(spec)}In", __base__=Schema, **definitions)


def output_schema(spec: EntitySpec) -> type[Schema]:
    """The record as the API gives it; a foreign key to a record the reader may not see is null.

    Records come from `visible_to(access)`, which hides such related records (and leaves them
    out of many-to-many lists); the key is read through the relation, or as the raw key where the
    list checked the reader may see the related record (`related_as_keys`, `visibility.related_key`).
    """
    fields = list(dict.fromkeys([*spec.api_fields, *COMMON_FIELDS]))
    hidden_keys = [
        field
        for field in spec.model._meta.concrete_fields
        if field.name in fields and field.many_to_one and is_record_model(field.related_model)
    ]
    base = create_schema(
        spec.model,
        name=f"{api_name(spec)}Out",
        fields=[f for f in fields if f not in {k.name for k in hidden_keys}],
    )
    json_fields = {  # a JSONField's shape, from its default: a list (the profile's plans) or an object
        field.name: list[Any] if field.default is list else dict[str, Any]
        for field in spec.model._meta.concrete_fields
        if field.name in fields and isinstance(field, models.JSONField)
    }
    many = [field.name for field in spec.model._meta.many_to_many if field.name in fields]
    resolvers: dict[str, Any] = {
        "url": lambda obj: obj.get_absolute_url(),
        **{field.name: _related_key(field) for field in hidden_keys},
        **{name: _many_keys(name) for name in many},
    }
    namespace: dict[str, Any] = {
        "__annotations__": {"url": str, **json_fields, **{field.name: DbInt | None for field in hidden_keys}},
        **{field.name: None for field in hidden_keys},
        **{f"resolve_{name}": staticmethod(resolve) for name, resolve in resolvers.items()},
        "_run_root_validator": _from_record,
    }
    out: type[Schema] = type(f"{api_name(spec)}Out", (base,), namespace)
    # What a record gives for each field: its resolver, or the attribute the field reads (a raw key under its alias)
    out._readers = [  # type: ignore[attr-defined]
        (key, resolvers.get(name) or operator.attrgetter(key))
        for name, field in out.model_fields.items()
        for key in [field.validation_alias if isinstance(field.validation_alias, str) else name]
    ]
    return out


@model_validator(mode="wrap")  # type: ignore[misc]
@classmethod
def _from_record(cls: type[Schema], values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo) -> Any:
    """A record read into a dictionary of its fields in one pass, which pydantic then validates as a dictionary.

    Ninja's own validator (`Schema._run_root_validator`, replaced here) reads a record through `DjangoGetter`, one
    attribute at a time in Python: 2,000 calls for a page of 100 records, a third of the API list's time. The
    fields of an output schema are the record's own (`create_schema`) and the resolvers above, so nothing of what
    `DjangoGetter` converts (managers, files, callables) is met.
    """
    if isinstance(values, models.Model):
        return handler({key: read(values) for key, read in cls._readers})  # type: ignore[attr-defined]
    return handler(DjangoGetter(values, cls, info.context))


def _related_key(field: Any) -> Any:
    def resolve(obj: Any) -> int | None:
        return related_key(obj, field)  # type: ignore[no-any-return]

    return resolve


def _many_keys(name: str) -> Any:
    def resolve(obj: Any) -> list[Any]:
        return [related.pk for related in many_list(obj, name)]

    return resolve


def filter_schema(spec: EntitySpec) -> type[Schema]:
    definitions: dict[str, Any] = {
        "q": (str | None, Field(None, description="Text to search for.")),
        "sort": (str | None, Field(None, description="A field to sort by; prefix with - to reverse.")),
        "archived": (int | None, Field(None, description="1 to include archived records (authenticated users).")),
    }
    if scope_applies("own", spec.model):
        description = "own: the home metropolis's own records only (its ecosystem's; see the README)."
        definitions["whose"] = (Literal["own"] | None, Field(None, description=description))
    for name in spec.filter_fields:
        definitions[name] = (str | None, None)
    return create_model(f"{api_name(spec)}Filters", __base__=Schema, **definitions)


def _form_data(spec: EntitySpec, instance: Any, payload: Schema, *, partial: bool) -> dict[str, Any]:
    names = list(spec.form_class.base_fields)
    data: dict[str, Any] = {}
    if partial and instance is not None:
        for name, value in model_to_dict(instance, fields=names).items():
            data[name] = [v.pk for v in value] if isinstance(value, list) else value
    for name, value in payload.dict(exclude_unset=partial).items():
        data[name] = value
    return {k: v for k, v in data.items() if v is not None}


def _save(
    request: HttpRequest,
    spec: EntitySpec,
    instance: Any,
    payload: Schema,
    *,
    partial: bool,
    response: HttpResponse,
    version: str | None = None,
) -> Any:
    access = access_for(request.auth)  # type: ignore[attr-defined]
    if instance is None and not access.can_write:
        raise PermissionDenied(_("Your role does not allow creating records."))
    if instance is not None and not can_edit(access, instance):
        raise PermissionDenied(_("You may only change records of your own organisation."))
    owner_before = instance.owner_id if instance is not None else None
    data = _form_data(spec, instance, payload, partial=partial)
    if version is not None:
        data[VERSION_FIELD] = version
    form = spec.form_class(data, instance=instance, access=access)
    if not form.is_valid():
        return Status(422, {"detail": {name: [str(e) for e in errors] for name, errors in form.errors.items()}})
    owner = form.cleaned_data["owner"].pk
    if owner != owner_before and not can_create_for(access, owner):
        return Status(403, {"detail": _("You may only save records owned by your own organisation.")})
    try:
        record = form.save_with(user=request.auth)  # type: ignore[attr-defined]
    except StaleVersion as stale:  # changed between the If-Match check and the write
        return _stale(spec, access, instance.pk, stale.version)
    saved = spec.base_queryset().visible_to(access, include_archived=True).get(pk=record.pk)
    response["ETag"] = etag_of(saved)
    return Status(200 if instance else 201, saved)


def _stale(spec: EntitySpec, access: Access, pk: int, version: str) -> Any:
    """412: what changed since `version`, as the reader may see it."""
    current = record_get(spec=spec, access=access, pk=pk)
    meanwhile = changes_since(current, version=version, access=access)
    return Status(
        412,
        {
            "detail": meanwhile.summary(),
            "changes": [
                {"field": c.field, "label": c.label, "old": _text(c.old), "new": _text(c.new)}
                for c in meanwhile.changes
            ],
            "saves": [{"user": str(user) if user else None, "date": date} for user, date in meanwhile.saves],
            "etag": etag_of(current),
        },
    )


def api_name(spec: EntitySpec) -> str:
    """The kind's name in the API document: its model's, prefixed with its app's when an earlier registered kind's
    model has the same name (the rankings' Position after the ecosystem's), so no two schemas share one."""
    name = spec.model.__name__
    for other in REGISTRY.values():
        if other is spec:
            return name
        if other.model.__name__ == name:
            return spec.app_label.title() + name
    return name


def operation_name(spec: EntitySpec) -> str:
    """`api_name` in snake case for operation ids: list_organisation, get_rankings_position…"""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", api_name(spec)).lower()


def crud_router(spec: EntitySpec) -> Router:
    router = Router(tags=[str(spec.model._meta.verbose_name_plural)])
    Out = output_schema(spec)
    In = input_schema(spec)
    Filters = filter_schema(spec)

    @router.get("/", response={200: list[Out], **ERRORS}, operation_id=f"list_{operation_name(spec)}")  # type: ignore[valid-type]
    @paginate(BoundedLimitOffsetPagination)
    def list_records(request: HttpRequest, filters: Query[Filters]) -> Any:  # type: ignore[valid-type]
        access = access_for(reader(request))
        listing = record_list(spec=spec, access=access, params=request.GET)
        request.listing_count = listing.count(paging.COUNT_CAP)  # type: ignore[attr-defined]  # see paginate_queryset
        return listing.queryset.many_sets_as_lists().related_as_keys()

    @router.get(
        "/{int:pk}",
        response={200: Out, **ERRORS},
        operation_id=f"get_{operation_name(spec)}",
        openapi_extra={"responses": {200: ETAG_HEADER}},
    )
    def get_record(request: HttpRequest, pk: int, response: HttpResponse) -> Any:
        """The record; its ETag header names this version, for If-Match on a later change."""
        record = record_get(spec=spec, access=access_for(reader(request)), pk=pk)
        response["ETag"] = etag_of(record)
        return record

    @router.post("/", response={201: Out, **ERRORS}, auth=TokenAuth(), operation_id=f"create_{operation_name(spec)}")
    def create_record(request: HttpRequest, payload: In, response: HttpResponse) -> Any:  # type: ignore[valid-type]
        return _save(request, spec, None, payload, partial=False, response=response)

    @router.patch(
        "/{int:pk}",
        response={200: Out, 412: StaleOut, **ERRORS},
        auth=TokenAuth(),
        operation_id=f"update_{operation_name(spec)}",
        description=UPDATE_DESCRIPTION,
        openapi_extra={"responses": {200: ETAG_HEADER}},
    )
    def update_record(
        request: HttpRequest,
        pk: int,
        payload: In,  # type: ignore[valid-type]
        response: HttpResponse,
        if_match: IfMatch = None,
    ) -> Any:
        access = access_for(request.auth)  # type: ignore[attr-defined]
        instance = record_get(spec=spec, access=access, pk=pk)
        if not can_edit(access, instance):  # before the version: a reader gets 403, not a 412 with the changes
            raise PermissionDenied(_("You may only change records of your own organisation."))
        version = None
        if if_match:
            wanted = if_match_versions(if_match)
            if wanted is not None and version_of(instance) not in wanted:
                return _stale(spec, access, pk, wanted[0] if wanted else "")
            version = version_of(instance)  # checked again, under a lock, as the change is written
        return _save(request, spec, instance, payload, partial=True, response=response, version=version)

    @router.post(
        "/{int:pk}/archive",
        response={200: Out, **ERRORS},
        auth=TokenAuth(),
        operation_id=f"archive_{operation_name(spec)}",
    )
    def archive_record(request: HttpRequest, pk: int, payload: ArchiveIn, response: HttpResponse) -> Any:
        access = access_for(request.auth)  # type: ignore[attr-defined]
        instance = record_get(spec=spec, access=access, pk=pk)
        services.record_set_archived(access=access, user=request.auth, instance=instance, archived=payload.archived)  # type: ignore[attr-defined]
        response["ETag"] = etag_of(instance)  # archiving is a change too
        return Status(200, instance)

    @router.get(
        "/{int:pk}/history", response={200: list[VersionOut], **ERRORS}, operation_id=f"history_{operation_name(spec)}"
    )
    def record_versions(request: HttpRequest, pk: int) -> Any:
        """The versions the reader could read at the time; the history is not public."""
        access = access_for(reader(request))
        if not access.authenticated:
            return Status(401, {"detail": _("Sign in to read the history of a record.")})
        record = record_get(spec=spec, access=access, pk=pk)
        return [
            {
                "history_id": v.history_id,
                "date": v.date,
                "user": str(v.user) if v.user else None,
                "kind": str(v.kind),
                "reason": v.reason,
                "changes": [{"field": str(f), "old": _text(o), "new": _text(n)} for f, o, n in v.changes],
            }
            for v in record_history(record, access=access)
        ]

    return router


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


__all__ = ["Http404", "crud_router"]
