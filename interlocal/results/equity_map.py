"""Territorial equity as a map: a circle at each municipality's point, its area proportional to the value.

No open boundary geometry of the municipalities is vendored, so the map draws proportional symbols at the
coordinates recorded on each territory (a schematic map, not a choropleth). It is drawn on the server as
SVG attributes (no inline style, under the CSP) and needs no JavaScript; the equity table beside it is the
same information as text.
"""

import math
from dataclasses import dataclass

from interlocal.core.numbers import format_value

from .equity import Equity

WIDTH = 640
MARGIN = 36
MAX_RADIUS = 30.0
FILL = "#0f6e85"  # white stroke; 5.6:1 against the light background
BRAND_FILL = "#c05b00"  # the brand city, as on the equity chart


@dataclass(frozen=True)
class Symbol:
    name: str
    x: float
    y: float
    r: float
    label: str  # "Barcelona: 1,200 visitors"
    brand: bool
    fill: str


@dataclass(frozen=True)
class LegendCircle:
    r: float
    cy: float
    label: str
    label_y: float  # the label stands left of the circle's top


@dataclass(frozen=True)
class EquityMap:
    width: int
    height: int
    symbols: list[Symbol]
    labelled: list[Symbol]  # the largest few, named on the map itself
    legend: list[LegendCircle]
    legend_x: float  # the circles' centre
    legend_text_x: float
    legend_title_y: float
    unplaced: list[str]  # municipalities without coordinates, named under the map


def equity_map(equity: Equity) -> EquityMap | None:
    """The proportional-symbol map of an equity, or None when fewer than two municipalities have a point."""
    unit = equity.indicator.unit
    placed = [r for r in equity.rows if r.territory.latitude is not None and r.territory.longitude is not None]
    unplaced = [r.territory.name for r in equity.rows if r not in placed]
    if len(placed) < 2:
        return None
    lats = [float(r.territory.latitude) for r in placed]  # type: ignore[arg-type]
    lons = [float(r.territory.longitude) for r in placed]  # type: ignore[arg-type]
    # Equirectangular with the metropolis's mean latitude: right at this scale (tens of kilometres).
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * squeeze, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = (WIDTH - 2 * MARGIN) / span_x
    height = round(span_y * scale + 2 * MARGIN)
    if height > WIDTH:  # a tall metropolis: fit the height instead
        scale = (WIDTH - 2 * MARGIN) / span_y
        height = WIDTH
    largest = max((float(r.value) for r in placed if r.value is not None and r.value > 0), default=0.0)

    def radius(value: float) -> float:
        return MAX_RADIUS * math.sqrt(value / largest) if largest > 0 else 0.0

    symbols = []
    for row, lat, lon in zip(placed, lats, lons, strict=True):
        value = float(row.value) if row.value is not None else None
        shown = format_value(row.value, unit) if row.value is not None else "—"
        symbols.append(
            Symbol(
                name=row.territory.name,
                x=round(MARGIN + (lon - min(lons)) * squeeze * scale, 1),
                y=round(MARGIN + (max(lats) - lat) * scale, 1),
                r=round(max(radius(value), 2.0) if value and value > 0 else 2.0, 1),
                label=f"{row.territory.name}: {shown}",
                brand=row is equity.brand,
                fill=BRAND_FILL if row is equity.brand else FILL,
            )
        )
    symbols.sort(key=lambda s: -s.r)  # large circles first, so that small ones stay visible on top
    legend = []
    if largest > 0:
        for share in (1.0, 0.25):
            r = MAX_RADIUS * math.sqrt(share)
            cy = height - 8 - r
            legend.append(
                LegendCircle(round(r, 1), round(cy, 1), format_value(largest * share, unit), round(cy - r + 4, 1))
            )
    return EquityMap(
        width=WIDTH,
        height=height,
        symbols=symbols,
        labelled=symbols[:3],
        legend=legend,
        legend_x=WIDTH - 8 - MAX_RADIUS,
        legend_text_x=WIDTH - 14 - 2 * MAX_RADIUS,
        legend_title_y=height - 20 - 2 * MAX_RADIUS,
        unplaced=unplaced,
    )
