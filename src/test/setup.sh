#!/bin/sh
# Installs the clients nobody here wrote that the Java tests drive (idempotent), from Debian's packages:
#   kcat, python3-confluent-kafka  (librdkafka producers/consumers with their own default partitioner)
#   chromium, chromium-driver      (the live page, tested in a real browser)
# Tests that need one of them skip with the reason when it is missing (e.g. not root, no network).
set -eu
PKGS="kcat python3-confluent-kafka chromium chromium-driver"

missing=""
for p in $PKGS; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "test clients: ready ($PKGS)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "test clients: missing$missing; as root: apt-get update && apt-get install -y$missing" >&2
    echo "test clients: the tests that need them will skip" >&2
    exit 0
fi
apt-get update -qq || true
# shellcheck disable=SC2086
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; then
    echo "test clients: could not install$missing; the tests that need them will skip" >&2
fi
echo "test clients: done"
