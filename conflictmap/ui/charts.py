"""Altair charts (Altair ships with Streamlit): figures over time with the selected date and key events marked."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

KEY_EVENT_CATEGORIES = ("annexation_act", "liberation", "capture")


def trend_chart(rows: list[dict], field: str, title: str, selected: date | None, events=(), lang: str = "en") -> alt.LayerChart:
    df = pd.DataFrame(rows)
    df["date"] = pd.to_datetime(df["date"])
    line = alt.Chart(df).mark_line(interpolate="step-after", point=True).encode(
        x=alt.X("date:T", title=None), y=alt.Y(f"{field}:Q", title=title), tooltip=["date:T", f"{field}:Q"]
    )
    layers = [line]
    marks = [{"date": pd.Timestamp(e.date), "title": e.text(lang)[0]} for e in events if e.category in KEY_EVENT_CATEGORIES]
    if marks:
        layers.append(
            alt.Chart(pd.DataFrame(marks)).mark_rule(color="#999999", strokeDash=[2, 3]).encode(x="date:T", tooltip=["date:T", "title:N"])
        )
    if selected is not None:
        layers.append(alt.Chart(pd.DataFrame([{"date": pd.Timestamp(selected)}])).mark_rule(color="#D55E00", size=2).encode(x="date:T"))
    return alt.layer(*layers).properties(height=220)
