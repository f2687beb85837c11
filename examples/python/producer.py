#!/usr/bin/env python3
"""Publish shopper events to streamrec from Python (confluent-kafka, i.e. librdkafka).

Reads JSON events, one per line, from stdin or --file:
    {"user": "u1", "item": "sku-9", "type": "click", "ts": 1732900000000}
and sends each to the topic of its type (events.click, events.cart, events.purchase), keyed by the user.
--delete USER ... instead asks streamrec to forget those users (right to be forgotten).

librdkafka's default partitioner (CRC32) is not Java's (murmur2); streamrec routes either way, but
partitioner=murmur2_random saves each record a hop through streamrec's repartition topic.
"""
import argparse
import json
import sys

from confluent_kafka import Producer

TOPICS = {"click": "events.click", "cart": "events.cart", "purchase": "events.purchase"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True, help="Kafka bootstrap servers, host:port")
    parser.add_argument("--file", help="JSON lines of events (default: stdin)")
    parser.add_argument("--delete", nargs="+", metavar="USER", help="erase these users instead of sending events")
    parser.add_argument("--deletions-topic", default="user-deletions")
    parser.add_argument("--murmur2", action="store_true", help="use Java's partitioner (no re-routing hop)")
    parser.add_argument("-X", action="append", default=[], metavar="KEY=VALUE", help="extra librdkafka setting")
    args = parser.parse_args(argv)

    config = {"bootstrap.servers": args.bootstrap, "enable.idempotence": True, "acks": "all"}
    if args.murmur2:
        config["partitioner"] = "murmur2_random"
    config.update(setting.split("=", 1) for setting in args.X)
    producer = Producer(config)
    failures = []

    def delivered(err, msg):
        if err is not None:
            failures.append(str(err))

    if args.delete:
        for user in args.delete:
            producer.produce(args.deletions_topic, key=user.encode(), value=None, on_delivery=delivered)
        sent = len(args.delete)
    else:
        lines = open(args.file, encoding="utf-8") if args.file else sys.stdin
        sent = 0
        for line in lines:
            if not line.strip():
                continue
            event = json.loads(line)
            producer.produce(TOPICS[event["type"]], key=str(event["user"]).encode(), value=line.strip().encode(),
                             on_delivery=delivered)
            sent += 1
            producer.poll(0)
    producer.flush(30)
    if failures:
        print(f"{len(failures)} of {sent} records failed: {failures[0]}", file=sys.stderr)
        return 1
    print(f"sent {sent}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
