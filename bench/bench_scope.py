"""Benchmark: manager scope selectors on a large organisation.

Builds a company with R regions x S stores x P people in a scratch PostgreSQL database
(or the one DATABASE_URL names, inside a transaction that is rolled back), then times
``units_in_scope`` / ``people_in_scope`` for a regional manager and counts their queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \
        .venv/bin/python bench/bench_scope.py --regions 20 --stores 25 --people 20
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lms.people.models import OrgUnit, User  # noqa: E402
from lms.people.selectors import people_in_scope, time_zones_for_units  # noqa: E402
from lms.people.services import manager_scope_grant  # noqa: E402


class Rollback(Exception):
    pass


def build(regions: int, stores: int, people: int):
    company = OrgUnit.add_root(name="Bench", code="bench-co", kind="company", time_zone="UTC")
    managed = []
    for r in range(regions):
        region = company.add_child(name=f"R{r}", code=f"bench-r{r}", kind="region")
        for s in range(stores):
            store = region.add_child(name=f"S{r}-{s}", code=f"bench-s{r}-{s}", kind="store")
            User.objects.bulk_create(
                User(email=f"b{r}-{s}-{p}@bench.example", full_name=f"P {p}", home_store=store)
                for p in range(people)
            )
        if r < 3:
            managed.append(region)
    manager = User.objects.create(email="bench-manager@bench.example", full_name="M")
    for region in managed:
        manager_scope_grant(manager=manager, unit=region)
    return manager


def timed(function, repeat=20):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=20)
    parser.add_argument("--stores", type=int, default=25)
    parser.add_argument("--people", type=int, default=20)
    args = parser.parse_args()
    try:
        with transaction.atomic():
            manager = build(args.regions, args.stores, args.people)
            total = User.objects.count()
            with CaptureQueriesContext(connection) as queries:
                count = people_in_scope(manager).count()
            _, ms_list = timed(lambda: list(people_in_scope(manager).only("id")))
            units = list(OrgUnit.objects.all())
            _, ms_tz = timed(lambda: time_zones_for_units(units))
            print(f"database: {connection.vendor}; people in company: {total}; units: {len(units)}")
            print(f"people_in_scope (3 regions): {count} people, {len(queries)} queries")
            print(f"  list ids, median of 20: {ms_list:.1f} ms")
            print(f"time_zones_for_units ({len(units)} units), median of 20: {ms_tz:.1f} ms")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
