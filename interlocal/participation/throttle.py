"""How many contributions one client address may send an hour, through the public form and the API together
(`INTERLOCAL_CONTRIBUTIONS_PER_HOUR`, counted as core.throttle says)."""

from interlocal.core.throttle import HourlyAllowance

CONTRIBUTIONS = HourlyAllowance("participation:public-contributions", "INTERLOCAL_CONTRIBUTIONS_PER_HOUR")
