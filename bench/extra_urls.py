"""The pages that read the generated observations, for bench/run.sh to measure beside the hand-picked ones:
written to standard output, one URL a line (run after bench/extra.sh has generated them)."""

import django

django.setup()

from interlocal.results.models import Indicator  # noqa: E402
from interlocal.strategy.models import Objective  # noqa: E402

big = Indicator.objects.filter(key__startswith="bench-monthly-").order_by("pk").first()
if big is not None:
    print(f"/results/equity/?indicator={big.key}")
    print(f"/results/indicators/{big.pk}/trend.vl.json")
    print(f"/api/v1/observations/?limit=25&indicator={big.pk}")
    print(f"/api/v1/results/aggregate?indicator={big.key}")
objective = Objective.objects.filter(indicators__isnull=False).order_by("pk").first()
if objective is not None:  # the default plans link no indicator to an objective
    print(f"/results/objectives/{objective.pk}/")
