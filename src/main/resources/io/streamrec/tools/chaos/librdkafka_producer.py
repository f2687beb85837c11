#!/usr/bin/env python3
"""streamrec chaos: a producer that is not Java (confluent-kafka, i.e. librdkafka, default partitioner).

Usage: librdkafka_producer.py BOOTSTRAP [KEY=VALUE ...]   (extra librdkafka settings)
stdin:  one record per line, JSON: {"id": 7, "topic": "events.click", "key": "u1", "value": "...", "ts": 1700000000000}
        ("value": null sends a tombstone; "ts" is the record timestamp in epoch ms)
stdout: "ready librdkafka VERSION" once, then one delivery report per record, in any order:
        "ok ID" when the broker acknowledged it, "failed ID REASON" otherwise.
At the end of stdin it waits for every outstanding report (message.timeout.ms at most) and exits.
"""
import json
import sys
import threading
import time

from confluent_kafka import Producer, libversion


def main(argv):
    config = {"bootstrap.servers": argv[0], "enable.idempotence": True, "acks": "all", "linger.ms": 5,
              "message.timeout.ms": 300000}  # rides out a broker restart, as the Java producer does
    config.update(setting.split("=", 1) for setting in argv[1:])
    producer = Producer(config)  # no "partitioner" setting: librdkafka's default, consistent_random (CRC32)
    lock = threading.Lock()

    def report(line):
        with lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def delivered(record_id):
        def callback(err, msg):
            report("ok %d" % record_id if err is None else "failed %d %s" % (record_id, str(err).replace("\n", " ")))
        return callback

    reading = threading.Event()
    reading.set()

    def poll():  # delivery callbacks run here, while the main thread may be blocked on stdin
        while reading.is_set() or len(producer) > 0:
            producer.poll(0.05)

    report("ready librdkafka " + libversion()[0])
    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        value = record.get("value")
        while True:
            try:
                producer.produce(record["topic"], key=record["key"].encode("utf-8"),
                                 value=None if value is None else value.encode("utf-8"),
                                 timestamp=record.get("ts", 0), on_delivery=delivered(record["id"]))
                break
            except BufferError:  # local queue full: let the poller drain it
                time.sleep(0.01)
    reading.clear()
    poller.join()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
