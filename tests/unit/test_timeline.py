"""What holds on a date: claims, the assessment in force, event windows, previous/next changes."""

from datetime import date

from conflictmap import timeline as tl


def test_claims_start_on_their_dates(atlas):
    assert tl.claim_for_region(atlas, "UA-43", date(2014, 3, 17)) is None
    assert tl.claim_for_region(atlas, "UA-43", date(2014, 3, 18)).claimed_since == date(2014, 3, 18)
    assert tl.claim_for_region(atlas, "UA-65", date(2022, 9, 29)) is None
    assert tl.claim_for_region(atlas, "UA-65", date(2022, 9, 30)).claimed_since == date(2022, 9, 30)
    assert tl.claim_for_region(atlas, "UA-63", date(2022, 12, 24)) is None  # Kharkiv Oblast was never claimed


def test_snapshot_in_force_is_latest_on_or_before(atlas):
    snaps = atlas.snapshots
    assert tl.snapshot_in_force(snaps, date(2014, 1, 1)) is None
    for s in snaps:
        assert tl.snapshot_in_force(snaps, s.as_of) is s
    later = tl.snapshot_in_force(snaps, date(2022, 2, 23))
    assert later is not None and later.as_of <= date(2022, 2, 23) and later.as_of.year == 2015


def test_event_window(atlas):
    on = date(2022, 12, 27)
    week = tl.events_in_window(atlas.events, on, 7)
    assert all(date(2022, 12, 20) < e.date <= on for e in week)
    everything = tl.events_in_window(atlas.events, on, None)
    assert everything == tuple(e for e in atlas.events if e.date <= on)
    assert len(everything) >= len(week)


def test_previous_and_next_change(atlas):
    dates = tl.change_dates(atlas)
    assert dates == sorted(dates)
    d = date(2022, 11, 1)
    prev, nxt = tl.previous_date(dates, d), tl.next_date(dates, d)
    assert prev < d < nxt
    assert tl.next_date(dates, dates[-1]) is None and tl.previous_date(dates, dates[0]) is None
