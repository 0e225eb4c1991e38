"""An activity's results become indicators of the results module, linked to its project, with their baselines,
targets and approved values for the activity's recipient country; a re-import updates them."""

import datetime
from decimal import Decimal

from django.utils import translation
from lxml import etree

from interlocal.core.permissions import ANONYMOUS, access_for
from interlocal.iati.imports import import_activities
from interlocal.results.models import Indicator, Observation, Target
from interlocal.territory.models import Territory

from .test_import_batches import file
from .test_round_trip import canonical, every_stored


def activity(identifier: str = "XM-PARTNER-1", *, actual_2024: str = "150", country: str = "MZ") -> str:
    recipient = f'<recipient-country code="{country}"/>' if country else ""
    return f"""
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-PARTNER" type="21"><narrative>Partner NGO</narrative></reporting-org>
  <title><narrative>Water for Maputo</narrative></title>
  <description><narrative>Safe water.</narrative></description>
  <participating-org type="22" role="4"><narrative>Maputo Water</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  {recipient}
  <result type="2" aggregation-status="1">
   <title><narrative>Safe water</narrative></title>
   <indicator measure="1" ascending="1">
    <title><narrative>Households with safe water</narrative><narrative xml:lang="fr">Ménages</narrative></title>
    <baseline year="2022" iso-date="2022-01-01" value="100"/>
    <period>
     <period-start iso-date="2023-01-01"/><period-end iso-date="2023-12-31"/>
     <target value="120"/><actual value="110"/>
    </period>
    <period>
     <period-start iso-date="2024-04-01"/><period-end iso-date="2024-06-30"/>
     <target value="160"/><actual value="{actual_2024}"/>
    </period>
   </indicator>
  </result>
 </iati-activity>"""


def imported(world, raw: bytes, visibility: str = "public"):  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    with translation.override("en"):
        result = import_activities(
            access=access_for(editor), user=editor, raw=raw, filename="p.xml", owner=world.own, visibility=visibility
        )
    assert result.ok, result.errors.lines()
    return result


def test_results_become_indicators_targets_and_approved_values(world) -> None:  # type: ignore[no-untyped-def]
    result = imported(world, file(activity()))
    (project,) = result.created
    (indicator,) = Indicator.objects.filter(projects=project)
    assert (indicator.name, indicator.kind, indicator.polarity, indicator.owner, indicator.visibility) == (
        "Households with safe water", "outcome", "higher_better", world.own, "public"
    )  # fmt: skip
    mozambique = Territory.objects.get(key="country-mz")
    assert (mozambique.name, mozambique.kind, mozambique.country, mozambique.visibility) == (
        "Mozambique", "country", "MZ", "public"
    )  # fmt: skip
    targets = [(t.kind, t.period_kind, t.period_start, t.value, t.territory) for t in indicator.targets.all()]
    assert sorted(targets, key=lambda t: (t[2], t[0])) == [
        ("baseline", "year", datetime.date(2022, 1, 1), Decimal(100), mozambique),
        ("target", "year", datetime.date(2023, 1, 1), Decimal(120), mozambique),
        ("target", "quarter", datetime.date(2024, 4, 1), Decimal(160), mozambique),
    ]
    observations = Observation.objects.filter(indicator=indicator).order_by("period_start")
    assert [(o.period_kind, o.period_start, o.value, o.status, o.territory, o.entered_by) for o in observations] == [
        ("year", datetime.date(2023, 1, 1), Decimal(110), "approved", mozambique, world.users["editor"]),
        ("quarter", datetime.date(2024, 4, 1), Decimal(150), "approved", mozambique, world.users["editor"]),
    ]
    assert observations[0].source == "IATI activity XM-PARTNER-1 published by Partner NGO"
    assert [v.history_type for v in indicator.history.all()] == ["+"]
    public = Observation.objects.visible_to(ANONYMOUS).filter(indicator=indicator).order_by("period_start")
    assert list(public) == list(observations)


def test_a_reimport_updates_the_values_and_creates_nothing(world) -> None:  # type: ignore[no-untyped-def]
    imported(world, file(activity()))
    counts = (Indicator.objects.count(), Target.objects.count(), Observation.objects.count(), Territory.objects.count())
    result = imported(world, file(activity(actual_2024="175.5")))
    assert len(result.updated) == 1 and not result.created
    assert (Indicator.objects.count(), Target.objects.count(), Observation.objects.count(),
            Territory.objects.count()) == counts  # fmt: skip
    latest = Observation.objects.get(period_start=datetime.date(2024, 4, 1))
    assert (latest.value, latest.status) == (Decimal("175.5"), "approved")


def test_a_reimport_archives_the_periods_and_indicators_the_file_no_longer_has(world) -> None:  # type: ignore[no-untyped-def]
    """A partner drops its 2024 period, then the whole result: what is gone is archived, not shown, kept in history;
    the full file again brings everything back."""
    full = activity()
    first_period_only = full.replace(
        full[full.index("    <period>", full.index("</period>")) : full.index("   </indicator>")], ""
    )
    without_results = full[: full.index("  <result")] + " </iati-activity>"
    imported(world, file(full))
    (indicator,) = Indicator.objects.all()

    def shown() -> list[tuple[str, datetime.date]]:
        public = [*Target.objects.visible_to(ANONYMOUS), *Observation.objects.visible_to(ANONYMOUS)]
        return sorted((type(r).__name__, r.period_start) for r in public if r.indicator_id == indicator.pk)

    imported(world, file(first_period_only))
    assert shown() == [("Observation", datetime.date(2023, 1, 1)), ("Target", datetime.date(2022, 1, 1)),
                       ("Target", datetime.date(2023, 1, 1))]  # fmt: skip
    dropped = Observation.objects.get(period_start=datetime.date(2024, 4, 1))
    assert dropped.is_archived and [v.history_change_reason for v in dropped.history.all()][0] == "archived"
    imported(world, file(without_results))
    indicator.refresh_from_db()
    assert indicator.is_archived and not Indicator.objects.visible_to(ANONYMOUS).filter(pk=indicator.pk).exists()
    imported(world, file(full))
    indicator.refresh_from_db()
    assert not indicator.is_archived and len(shown()) == 5
    assert (Indicator.objects.count(), Target.objects.count(), Observation.objects.count()) == (1, 3, 2)


def test_an_internal_project_s_results_are_hidden_from_the_public(world) -> None:  # type: ignore[no-untyped-def]
    imported(world, file(activity()), visibility="internal")
    assert Indicator.objects.count() > Indicator.objects.visible_to(ANONYMOUS).count()
    assert not Indicator.objects.visible_to(ANONYMOUS).filter(key__startswith="iati-").exists()
    assert not Observation.objects.visible_to(ANONYMOUS).filter(indicator__key__startswith="iati-").exists()
    assert not Target.objects.visible_to(ANONYMOUS).filter(indicator__key__startswith="iati-").exists()
    viewer = access_for(world.users["viewer"])
    assert Observation.objects.visible_to(viewer).filter(indicator__key__startswith="iati-").count() == 2
    # Not even the country tells of it: its territory is internal until a public activity has values there.
    assert not Territory.objects.visible_to(ANONYMOUS).filter(key="country-mz").exists()
    imported(world, file(activity(identifier="XM-PARTNER-2")))
    assert Territory.objects.visible_to(ANONYMOUS).filter(key="country-mz").exists()


def test_without_a_recipient_country_the_values_are_left_out_with_a_warning(world) -> None:  # type: ignore[no-untyped-def]
    result = imported(world, file(activity(country="", actual_2024="many")))
    (indicator,) = Indicator.objects.filter(key__startswith="iati-")
    assert not indicator.targets.exists() and not indicator.observations.exists()
    assert any("names no recipient country" in line for line in result.warnings.lines())


def test_a_value_that_is_not_a_number_is_skipped_with_a_warning(world) -> None:  # type: ignore[no-untyped-def]
    result = imported(world, file(activity(actual_2024="many")))
    assert Observation.objects.filter(indicator__key__startswith="iati-").count() == 1
    assert any("“many” is not a number" in line for line in result.warnings.lines())


def test_the_round_trip_gives_the_results_back_once(world) -> None:  # type: ignore[no-untyped-def]
    raw = file(activity())
    imported(world, raw)
    (exported,) = every_stored().xpath("iati-activity[iati-identifier='XM-PARTNER-1']")
    assert canonical(exported) == canonical(etree.fromstring(raw)[0])
    assert len(exported.findall("result")) == 1
