"""conflictmap: the data, timeline and map layers of the Ukraine conflict map (no Streamlit outside ``ui/``)."""

__version__ = "0.1.0"
