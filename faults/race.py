"""Child process of F5: `python -m faults.race COUNT` on the database in DATABASE_URL.

Migrates, creates two bodies with five units each and 50 citizens with tokens, then posts COUNT
submissions through the WSGI application from 50 threads at once (each thread its own database
connection). Prints one JSON line: statuses, seconds and the numbering problems found.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter, defaultdict

CLIENTS = 50


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from faults.world import payload
    from terbuka.accounts.models import User
    from terbuka.accounts.services import api_token_create
    from terbuka.bodies.models import Unit
    from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory
    from terbuka.inforequests.models import InformationRequest, RegistrationCounter

    total = int(sys.argv[1])
    call_command("migrate", verbosity=0, interactive=False)
    bodies = [PublicBodyFactory.create(slug=f"kota-f5-{b}") for b in range(2)]
    units = []
    for b, body in enumerate(bodies):
        root = UnitFactory.create(body=body, kind=Unit.Kind.PPID_UTAMA, slug=f"utama-{b}")
        units += [UnitFactory.create(body=body, parent=root, slug=f"opd-{b}-{u}") for u in range(5)]
    tokens = []
    for c in range(CLIENTS):
        user = User.objects.create_user(email=f"f5-{c}@example.test", full_name=f"Warga {c}")
        tokens.append(api_token_create(user=user, actor=user)[1])
    connections.close_all()
    statuses: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(c: int) -> None:
        http = Client(raise_request_exception=False)
        barrier.wait()
        for i in range(c, total, CLIENTS):
            unit = units[i % len(units)]
            try:
                response = http.post(
                    "/api/v1/requests/",
                    json.dumps(payload(i, unit.slug, unit.body.slug)),
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {tokens[c]}", "Idempotency-Key": f"k{i}"},
                )
                status = str(response.status_code)
                exc_info = getattr(response, "exc_info", None)
                if response.status_code >= 500 and exc_info:
                    status += f" {exc_info[0].__name__}: {exc_info[1]}"
            except Exception as exc:
                status = f"{type(exc).__name__}: {exc}"
            with lock:
                statuses[status[:200]] += 1
        connections.close_all()

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    problems = []
    seqs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for body_id, year, seq in InformationRequest.objects.values_list(
        "body_id", "registration_year", "registration_seq"
    ):
        seqs[(body_id, year)].append(seq)
    for (body_id, year), values in seqs.items():
        if sorted(values) != list(range(1, len(values) + 1)):
            problems.append(f"body {body_id} {year}: not 1..{len(values)} without gaps")
        counter = RegistrationCounter.objects.get(body_id=body_id, year=year)
        if counter.last_seq != len(values):
            problems.append(f"body {body_id} {year}: counter {counter.last_seq}")
    numbers = list(InformationRequest.objects.values_list("registration_number", flat=True))
    if len(numbers) != len(set(numbers)):
        problems.append("duplicate registration numbers")
    if len(numbers) != total:
        problems.append(f"{len(numbers)} requests stored for {total} submissions")
    print(
        json.dumps(
            {
                "statuses": dict(statuses),
                "seconds": seconds,
                "problems": problems,
                "per_body": {str(k): len(v) for k, v in seqs.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
