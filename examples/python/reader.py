#!/usr/bin/env python3
"""Read streamrec's recommendations the way a web tier should (confluent-kafka, i.e. librdkafka).

Rules:
- read with isolation.level=read_committed: streamrec writes exactly-once, in transactions;
- keep, per user, the list with the highest "seq" and drop any list whose seq is not above it
  (a rebalance or a retry can deliver an older list after a newer one);
- a record with no value (tombstone) means the user was forgotten (erased or idle past the TTL):
  drop what you hold for them. seq keeps growing when the user comes back.

Prints the latest lists as one JSON object {user: list} when the topic has been idle for --idle seconds.
"""
import argparse
import json
import sys
import time

from confluent_kafka import Consumer, KafkaError


def apply(latest, seqs, user, value):
    """One record of the recommendations topic into the reader's view; returns False if it was stale."""
    if value is None:
        latest.pop(user, None)
        return True
    rec = json.loads(value)
    if rec["seq"] <= seqs.get(user, 0):
        return False
    seqs[user] = rec["seq"]
    latest[user] = rec
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", default="recommendations")
    parser.add_argument("--group", default="web-tier-example")
    parser.add_argument("--idle", type=float, default=5.0, help="stop after this many seconds without records")
    parser.add_argument("--timeout", type=float, default=120.0, help="stop after this many seconds in any case")
    args = parser.parse_args(argv)

    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": args.group,
                         "auto.offset.reset": "earliest", "isolation.level": "read_committed",
                         "enable.auto.commit": False})
    consumer.subscribe([args.topic])
    latest, seqs, stale = {}, {}, 0
    started = last = time.monotonic()
    try:
        while time.monotonic() - last < args.idle and time.monotonic() - started < args.timeout:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    print(f"error: {msg.error()}", file=sys.stderr)
                continue
            last = time.monotonic()
            if not apply(latest, seqs, msg.key().decode(), msg.value()):
                stale += 1
    finally:
        consumer.close()
    print(f"{len(latest)} users, {stale} stale lists dropped", file=sys.stderr)
    json.dump(latest, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
