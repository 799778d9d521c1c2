"""Entry point and main page: the conflict map. Pages in pages/ share the sidebar and state in conflictmap.ui."""

import streamlit as st

from conflictmap.assets import ensure_vendor_assets
from conflictmap.ui import mappage, sidebar

st.set_page_config(page_title="Ukraine conflict map", page_icon="🗺️", layout="wide")
ensure_vendor_assets()
sidebar.language_picker()
mappage.render()
