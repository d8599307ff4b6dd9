"""Reading figures out of a Prometheus text exposition."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def sample(text: str, name: str, **labels: str) -> float:
    """The value of the sample ``name`` whose labels include ``labels`` (summed if several match; 0 if none)."""
    return sum(
        value.value
        for family in text_string_to_metric_families(text)
        for value in family.samples
        if value.name == name and all(value.labels.get(k) == v for k, v in labels.items())
    )


def label_values(text: str, label: str) -> set[str]:
    """Every value ``label`` takes in the exposition."""
    return {
        value.labels[label]
        for family in text_string_to_metric_families(text)
        for value in family.samples
        if label in value.labels
    }
