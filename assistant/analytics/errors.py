"""Input errors of the analytics tools (all are ``InputError``: the API answers HTTP 422)."""

from __future__ import annotations

from assistant.errors import InputError


class NotInIndexError(InputError):
    """The city does not appear in the index (or in any index) in the data."""


class NoDataError(InputError):
    """The tables hold no row for what was asked (a period, a geography, a tier)."""


class FuturePeriodError(NoDataError):
    """A period after the latest actual figure that is not a published forecast."""


class ForecastRefusedError(InputError):
    """The series cannot be forecast as asked; the message gives the reason."""


class SeriesTooShortError(ForecastRefusedError):
    """Fewer points than the method needs."""


class IncomparableSeriesError(ForecastRefusedError):
    """The series would mix figures that measure different things (e.g. KPMG and Innovate Finance)."""


class TargetBeforeDataError(ForecastRefusedError):
    """The target period lies before the first data point."""


class ExistingFigureError(ForecastRefusedError):
    """The target period already has a figure (actual or a published projection): read it with ``metric``."""


class CalculationError(InputError):
    """A calculation that cannot be made as asked (wrong number of values, mixed units, division by zero)."""
