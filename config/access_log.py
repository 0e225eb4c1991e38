"""gunicorn's logger with the credentials of addresses redacted (`--logger-class config.access_log.RedactingLogger`).

Its access log writes the request line, the path, the query and the Referer header of every request:
a calendar feed's token or an invitation's secret would be kept in the journal. Each of these
values goes through `config.log.redact` first; gunicorn's error log gets the same filter.
"""

import datetime
from typing import Any

from gunicorn.glogging import Logger

from config.log import RedactSecrets, redact


class RedactingLogger(Logger):  # type: ignore[misc]  # gunicorn has no types
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(f, RedactSecrets) for f in self.error_log.filters):
            self.error_log.addFilter(RedactSecrets())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: datetime.timedelta) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
