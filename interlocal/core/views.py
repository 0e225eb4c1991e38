"""Generic pages for every kind of record, driven by its EntitySpec."""

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views import View

from . import csvfiles, memo, services
from .entities import REGISTRY, EntitySpec
from .forms import SUBMISSION_FIELD, VERSION_FIELD
from .paging import CappedPaginator, iterate_by_ids
from .permissions import access_for, can_create_for, can_edit
from .scopes import scope_applies
from .selectors import changes_since, list_order, record_get, record_history, record_list, visible_versions
from .submissions import create_once
from .templatetags.interlocal import readable
from .versions import StaleVersion, version_of


class EntityView(View):
    spec: EntitySpec = None  # type: ignore[assignment]  # set by as_view(spec=…)

    def access(self, request: HttpRequest) -> Any:
        return access_for(request.user)


class RecordListView(EntityView):
    def get(self, request: HttpRequest) -> HttpResponseBase:
        access = self.access(request)
        listing = record_list(spec=self.spec, access=access, params=request.GET)
        if request.GET.get("format") == "csv":
            return _csv_response(self.spec, listing.queryset, hide=self.spec.hidden_fields(access))
        # A row shows fields and foreign keys, never a many-to-many set (`Column`): none is read for the page.
        rows = listing.queryset.prefetch_related(None).without_many_sets()
        paginator = CappedPaginator(
            rows, 25, ids_first=self.spec.pages_by_ids, counted=listing.count(CappedPaginator.cap)
        )
        page = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "spec": self.spec,
            "verbose_name": self.spec.model._meta.verbose_name,
            "verbose_name_plural": self.spec.model._meta.verbose_name_plural,
            "page": page,
            "filterset": listing.filterset,
            "search": listing.search,
            "sort": listing.sort,
            "scope": listing.scope,
            "scopable": scope_applies("own", self.spec.model),
            "query": query.urlencode(),
            "can_create": access.can_write,
            "create_url": reverse(self.spec.url_name("create")),
        }
        template = "core/_record_table.html" if getattr(request, "htmx", False) else "core/record_list.html"
        return render(request, template, context)


def _csv_response(spec: EntitySpec, queryset: "models.QuerySet[Any]", *, hide: set[str]) -> StreamingHttpResponse:
    """The filtered list as CSV for a spreadsheet, streamed so a large export never sits in memory."""
    columns = csvfiles.record_columns(spec.model, hide=hide)
    queryset = queryset.select_related(*csvfiles.labelled_relations(columns))
    records = iterate_by_ids(queryset) if spec.pages_by_ids else queryset.iterator(chunk_size=2000)
    rows = (csvfiles.record_values(record, columns) for record in records)
    return csvfiles.csv_stream(f"{spec.key}.csv", [c.name for c in columns], rows)


RELATED_PAGE_SIZE = 10


class RecordDetailView(EntityView):
    """A record's page: its fields, then a section per kind of related record, each paged on its own.

    Every section costs the same queries whatever the data size: its page, and its capped count, asked with the
    other sections' in one query. Its page is chosen by its own query parameter, so paging one list keeps the
    others where they were. The sections are remembered for each class of reader until a record of a kind they
    show changes (`core.memo`, on the shelf of the record pages): building their queries cost more than the page.
    """

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        access = self.access(request)
        record = record_get(spec=self.spec, access=access, pk=pk)
        sections = self.sections(request, access, record)
        fields = [
            (record._meta.get_field(name).verbose_name, _display(record, name))
            for name in self.spec.detail_fields
            if name not in self.spec.hidden_fields(access)
        ]
        extra = self.spec.detail_context(record, access) if self.spec.detail_context else {}
        links = [link for make_link in self.spec.detail_links if (link := make_link(record))]
        return render(
            request,
            self.spec.detail_template,
            {
                **extra,
                "spec": self.spec,
                "record": record,
                "fields": fields,
                "sections": [
                    {**section, "create_url": self.create_url(access, record, related)}  # a copy: shared values
                    for section, related in zip(sections, self.spec.related, strict=True)
                ],
                "links": links,
                "can_edit": can_edit(access, record),
                "urls": record_urls(self.spec, record),
                "verbose_name_plural": self.spec.model._meta.verbose_name_plural,
            },
        )

    def sections(self, request: HttpRequest, access: Any, record: models.Model) -> list[dict[str, Any]]:
        """Each section's page of related records, remembered where every kind they read has a version."""
        kinds = section_kinds(self.spec.key)
        if kinds is None:
            return self.read_sections(request, access, record)
        return memo.memoised(
            "record-sections",
            access,
            kinds,
            lambda: self.read_sections(request, access, record),
            self.spec.key,
            record.pk,
            request.GET.urlencode(),  # the sections' pages, and the links that keep them
            shelf=memo.RECORD_PAGES,
        )

    def read_sections(self, request: HttpRequest, access: Any, record: models.Model) -> list[dict[str, Any]]:
        """Each section's page of related records, counted all together."""
        querysets = [self.section_queryset(access, record, related) for related in self.spec.related]
        counts = CappedPaginator.counts_of(querysets)  # every section counted in one query
        return [
            self.related_section(request, related, queryset, counted)
            for related, queryset, counted in zip(self.spec.related, querysets, counts, strict=True)
        ]

    def section_queryset(self, access: Any, record: models.Model, related: Any) -> "models.QuerySet[Any]":
        """The related records of one section the reader may see, in their list's order."""
        related_spec = REGISTRY[related.entity]
        queryset = (
            related_spec.base_queryset()
            .prefetch_related(None)  # the section's rows are a list's (`record_rows`): no many-to-many set is read
            .without_many_sets()
            .visible_to(access)
            .filter(**{related.lookup: record})
            .order_by(*list_order(related_spec.default_sort))
        )
        if may_repeat(related_spec.model, related.lookup):  # through a many-to-many set or a reverse relation
            queryset = queryset.distinct()
        return queryset

    def related_section(
        self, request: HttpRequest, related: Any, queryset: "models.QuerySet[Any]", counted: tuple[int, bool]
    ) -> dict[str, Any]:
        related_spec = REGISTRY[related.entity]
        anchor = f"{related.entity}-{related.lookup.replace('__', '-')}"
        param = f"{anchor}-page"
        page = CappedPaginator(queryset, RELATED_PAGE_SIZE, counted=counted).get_page(request.GET.get(param))
        page.object_list = list(page)  # read now: a remembered page holds its rows, not a query
        query = request.GET.copy()
        query.pop(param, None)
        return {
            "title": related.title,
            "anchor": anchor,
            "spec": related_spec,
            "page": page,
            "rows": page.object_list,
            "query": query.urlencode(),
            "param": param,
        }

    def create_url(self, access: Any, record: models.Model, related: Any) -> str:
        """The link that adds a related record for this one, for a reader who may write."""
        if not (related.create_param and access.can_write):
            return ""
        return f"{reverse(REGISTRY[related.entity].url_name('create'))}?{related.create_param}={record.pk}"


@functools.cache
def section_kinds(entity: str) -> frozenset[type[models.Model]] | None:
    """Every kind the sections of a record's page read: the record's, each section's with the records its rows
    join (their names shown, or hidden from a reader who may not see them), and those its lookup passes through.

    None where one is not a record (a reference table the admin edits, such as the sectors), whose changes no
    version shows: those sections are read on every request.
    """
    spec = REGISTRY[entity]
    kinds: set[type[models.Model]] = {spec.model}
    for related in spec.related:
        related_spec = REGISTRY[related.entity]
        kinds |= _joined_kinds(related_spec.model, related_spec.base_queryset().query.select_related)
        kinds |= memo.kinds_along(related_spec.model, related.lookup)
    return frozenset(kinds) if all(memo.versioned(kind) for kind in kinds) else None


def _joined_kinds(model: type[models.Model], joins: Any) -> set[type[models.Model]]:
    """`model` and the models of its select_related joins (a nested dict of field names)."""
    kinds = {model}
    for name, nested in (joins if isinstance(joins, dict) else {}).items():
        if (joined := model._meta.get_field(name).related_model) is not None:
            kinds |= _joined_kinds(joined, nested)
    return kinds


def may_repeat(model: type[models.Model], lookup: str) -> bool:
    """Whether filtering `model` by `lookup` may give a record more than once (a join to several rows)."""
    for name in lookup.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


def record_urls(spec: EntitySpec, record: models.Model) -> dict[str, str]:
    urls = {
        action: reverse(spec.url_name(action), args=[record.pk])
        for action in ("detail", "update", "archive", "history")
    }
    urls["list"] = reverse(spec.url_name("list"))
    return urls


def _display(record: models.Model, name: str) -> Any:
    field = record._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(record, name).all())
    if getattr(field, "choices", None):
        return getattr(record, f"get_{name}_display")()
    return readable(getattr(record, name), name)


class RecordFormView(EntityView):
    """Create (no pk) or edit (pk) a record."""

    def get_instance(self, request: HttpRequest, pk: int | None) -> Any:
        access = self.access(request)
        if pk is None:
            if not access.can_write:
                raise PermissionDenied(_("Your role does not allow creating records."))
            return None
        record = record_get(spec=self.spec, access=access, pk=pk)
        if not can_edit(access, record):
            raise PermissionDenied(_("You may only change records of your own organisation."))
        return record

    def render_form(self, request: HttpRequest, form: Any, instance: Any) -> HttpResponse:
        status = 400 if form.is_bound else 200
        return render(
            request,
            "core/record_form.html",
            {
                "spec": self.spec,
                "form": form,
                "record": instance,
                "verbose_name": self.spec.model._meta.verbose_name,
                "cancel_url": instance.get_absolute_url() if instance else reverse(self.spec.url_name("list")),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        instance = self.get_instance(request, pk)
        initial = {k: v for k, v in request.GET.items() if k in self.spec.form_class.base_fields}
        form = self.spec.form_class(instance=instance, initial=initial, access=self.access(request)).offer_choices()
        return self.render_form(request, form, instance)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        instance = self.get_instance(request, pk)
        access = self.access(request)
        owner_before = instance.owner_id if instance else None
        # Its choices before validating: a text box with suggestions sends "123 · Name", which it reads as 123.
        form = self.spec.form_class(request.POST, instance=instance, access=access).offer_choices()
        if not form.is_valid():
            return self.render_form(request, form, instance)
        owner = form.cleaned_data["owner"]
        if owner.pk != owner_before and not can_create_for(access, owner.pk):
            form.add_error("owner", _("You may only save records owned by your own organisation."))
            return self.render_form(request, form, instance)
        if instance is not None:
            try:
                record: Any = form.save_with(user=request.user)
            except StaleVersion as stale:
                return self.render_stale(request, stale.version, pk)
        else:
            key = form.cleaned_data.get(SUBMISSION_FIELD, "")
            record, created_before = create_once(request, key, lambda: form.save_with(user=request.user))
            if created_before is not None:
                messages.info(request, _("This form was already submitted: here is the record it created."))
                return HttpResponseRedirect(created_before)
        messages.success(request, _("Saved “%(record)s”.") % {"record": record})
        return HttpResponseRedirect(record.get_absolute_url())

    def render_stale(self, request: HttpRequest, version: str, pk: int | None) -> HttpResponse:
        """The form again, with the user's input, over the record as it is now, saying what changed meanwhile.

        It now carries the present version, so saving it again applies the input to that version.
        """
        access = self.access(request)
        current = self.get_instance(request, pk)
        meanwhile = changes_since(current, version=version, access=access)
        data = request.POST.copy()
        data[VERSION_FIELD] = version_of(current)
        form = self.spec.form_class(data, instance=current, access=access).offer_choices()
        form.is_valid()
        form.add_error(None, meanwhile.summary())
        for change in meanwhile.changes:
            if change.field in form.fields:
                form.add_error(
                    change.field,
                    _("Changed meanwhile from “%(old)s” to “%(new)s”.")
                    % {"old": _blank(change.old), "new": _blank(change.new)},
                )
        return self.render_form(request, form, current)


def _blank(value: Any) -> Any:
    return "—" if value is None or value == "" else value


class RecordArchiveView(EntityView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        access = self.access(request)
        record = record_get(spec=self.spec, access=access, pk=pk)
        archive = request.POST.get("archived", "1") == "1"
        services.record_set_archived(access=access, user=request.user, instance=record, archived=archive)
        messages.success(request, _("Archived.") if archive else _("Restored from the archive."))
        return HttpResponseRedirect(record.get_absolute_url())


class RecordHistoryView(EntityView):
    """A record's versions: for signed-in readers only, and only those from when they could read it."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        access = self.access(request)
        record = record_get(spec=self.spec, access=access, pk=pk, many_sets=False)  # the versions show them
        return render(
            request,
            "core/record_history.html",
            {
                "spec": self.spec,
                "record": record,
                "versions": record_history(record, access=access),
                "can_edit": can_edit(access, record),
                "urls": record_urls(self.spec, record),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        access = self.access(request)
        record = record_get(spec=self.spec, access=access, pk=pk)
        try:
            history_id = int(request.POST.get("history_id", ""))
            visible_versions(record, access).get(history_id=history_id)
        except (ValueError, record.history.model.DoesNotExist):
            messages.error(request, _("That version does not exist."))
            return HttpResponseRedirect(reverse(self.spec.url_name("history"), args=[pk]))
        services.record_revert(access=access, user=request.user, instance=record, history_id=history_id)
        messages.success(request, _("The earlier version was restored."))
        return HttpResponseRedirect(record.get_absolute_url())


def entity_urlpatterns(spec: EntitySpec) -> list[URLPattern]:
    """The six pages of a kind of record: list, create, detail, edit, archive, history."""
    name = spec.model_name
    return [
        path(f"{spec.key}/", RecordListView.as_view(spec=spec), name=f"{name}-list"),
        path(f"{spec.key}/new/", RecordFormView.as_view(spec=spec), name=f"{name}-create"),
        path(f"{spec.key}/<int:pk>/", RecordDetailView.as_view(spec=spec), name=f"{name}-detail"),
        path(f"{spec.key}/<int:pk>/edit/", RecordFormView.as_view(spec=spec), name=f"{name}-update"),
        path(f"{spec.key}/<int:pk>/archive/", RecordArchiveView.as_view(spec=spec), name=f"{name}-archive"),
        path(f"{spec.key}/<int:pk>/history/", RecordHistoryView.as_view(spec=spec), name=f"{name}-history"),
    ]
