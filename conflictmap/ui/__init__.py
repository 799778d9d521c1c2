"""The only Streamlit-aware part of the package: cached loaders, URL state, and shared widgets."""
