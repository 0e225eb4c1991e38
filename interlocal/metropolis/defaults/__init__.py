"""The embedded default data (DESIGN.md §5), loaded by `manage.py load_default_data`.

- reference: SDGs, themes, world regions (copied data with licences in core/data);
- amb: the AMB and its 36 municipalities with codes and population (territory/data);
- report: the seminar report's cited facts (ecosystem/data/report_facts.json);
- benchmark: the case studies profiled on the study's framework (benchmark/data/profiles.json);
- illustrative: engagements and projects from a fixed random seed, marked illustrative.

A production install loads the reference data and the report's facts only (DESIGN.md §5, "One
instance, one home metropolis"): illustrative records, here and in each app's `defaults.load`,
are created only when asked for (`load_default_data --illustrative`, which `make demo` passes).
Every step is idempotent: a second run finds what is there and adds nothing, and a run with
`--illustrative` after one without adds the illustrative records only.
"""

from django.db import transaction

from interlocal.coordination import defaults as coordination
from interlocal.iati import defaults as iati
from interlocal.knowledge import defaults as knowledge
from interlocal.media import defaults as media
from interlocal.participation import defaults as participation
from interlocal.portal import defaults as portal
from interlocal.rankings import defaults as rankings
from interlocal.results import defaults as results
from interlocal.strategy import defaults as strategy
from interlocal.talent import defaults as talent

from . import amb, benchmark, reference, report
from .illustrative import load_illustrative


def load_default_data(*, log=print, illustrative: bool = False) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        log(reference.load_reference())
        log(amb.load_amb())
        log(report.load_report())
        log(amb.load_municipal_councils())
        log(benchmark.load_profiles())
        if illustrative:
            log(load_illustrative())
        # Each later app adds its own part (its defaults.load), after the registry exists.
        # knowledge comes last but for the portal: it rebuilds the search index over every app's records.
        for app in (strategy, results, coordination, iati, participation, talent, rankings, media, knowledge, portal):
            message = app.load(illustrative=illustrative)
            if message:
                log(message)
