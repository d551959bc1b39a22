"""Reads made once inside a block (the warm-up job's languages), and every time outside."""

from ckanext.opendataplan.common import shared

calls: list[tuple] = []


@shared.once
def _read(plans: dict, day: str) -> dict:
    calls.append((tuple(plans), day))
    return {pid: {"title": title} for pid, title in plans.items()}


def test_inside_a_block_a_read_is_made_once_per_arguments():
    calls.clear()
    with shared.reads():
        first = _read({"p1": "a"}, "2026-12-07")
        again = _read({"p1": "a"}, "2026-12-07")
        _read({"p1": "a"}, "2026-12-08")
    assert calls == [(("p1",), "2026-12-07"), (("p1",), "2026-12-08")]
    assert first == again
    again["p2"] = {"title": "b"}  # each caller's own containers
    again["p1"]["lang"] = "ar"
    assert first == {"p1": {"title": "a"}}


def test_outside_a_block_nothing_is_kept():
    calls.clear()
    _read({"p1": "a"}, "2026-12-07")
    _read({"p1": "a"}, "2026-12-07")
    with shared.reads():
        _read({"p1": "a"}, "2026-12-07")
    _read({"p1": "a"}, "2026-12-07")
    assert len(calls) == 4


ids_calls: list[tuple] = []


@shared.once_per_ids
def _sums(plans: dict, day: str) -> list:
    ids_calls.append((tuple(plans), day))
    return sorted(plans)


def test_a_read_of_ids_is_shared_by_pages_that_read_other_fields_of_the_same_plans():
    ids_calls.clear()
    with shared.reads():
        first = _sums({"p1": {"title": "a"}, "p2": {}}, "2026-12-07")
        again = _sums({"p2": {"kind": "ogp"}, "p1": {"title": "b"}}, "2026-12-07")
        _sums({"p1": {}}, "2026-12-07")  # other plans: read again
    assert ids_calls == [(("p1", "p2"), "2026-12-07"), (("p1",), "2026-12-07")]
    assert first == again == ["p1", "p2"]
