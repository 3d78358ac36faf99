"""Colours shared by the page's charts and the headline image, so an entity type looks the same everywhere."""

from plotly.colors import qualitative

# Fixed order so a label keeps its colour from run to run and across charts.
ENTITY_LABEL_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
OTHER_LABEL_COLOUR = "#8C8C8C"
LABEL_COLOURS = dict(zip(ENTITY_LABEL_ORDER, qualitative.Plotly, strict=True))
SERIES_PALETTE = qualitative.Dark24  # actors, sources, outlets


def label_colour(label: str) -> str:
    """The colour of an entity type, the same in every chart."""
    return LABEL_COLOURS.get(label, OTHER_LABEL_COLOUR)
