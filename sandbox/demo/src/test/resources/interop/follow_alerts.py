"""Follows Sluice's alert topics with Confluent's own Python client while `sluice demo --follow` runs.

Interop check: a consumer no one on the project wrote (Debian's python3-confluent-kafka: its Consumer,
CachedSchemaRegistryClient and MessageSerializer) finds the demo's broker and registry from the
endpoints file and decodes the Avro alerts through the registry's Confluent API. Debian ships no
fastavro, which the newer AvroDeserializer needs; MessageSerializer decodes with python3-avro.

Prints one JSON line per alert and exits 0 once every rule given has raised at least MIN distinct
alerts (the scenario's and a repetition's), 3 if SECONDS pass first.

usage: follow_alerts.py ENDPOINTS_FILE SECONDS MIN TOPIC[,TOPIC...] RULE...
"""
import json
import sys
import time

from confluent_kafka import Consumer
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def main():
    with open(sys.argv[1]) as f:
        endpoints = json.load(f)
    seconds, minimum = float(sys.argv[2]), int(sys.argv[3])
    topics, rules = sys.argv[4].split(","), set(sys.argv[5:])
    serializer = MessageSerializer(
        CachedSchemaRegistryClient({"url": endpoints["schema_registry_url"]}))
    consumer = Consumer({
        "bootstrap.servers": endpoints["bootstrap_servers"],
        "group.id": "sluice-follow-interop",
        "auto.offset.reset": "earliest",
        "isolation.level": "read_committed",
    })
    consumer.subscribe(topics)
    ids = {rule: set() for rule in rules}
    deadline = time.time() + seconds
    try:
        while time.time() < deadline and any(len(v) < minimum for v in ids.values()):
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                print("error: %s" % message.error(), file=sys.stderr)
                continue
            alert = serializer.decode_message(message.value())
            rule = alert["rule"]["id"]
            if rule in ids:
                ids[rule].add(alert["alert_id"])
            print(json.dumps({
                "topic": message.topic(),
                "rule": rule,
                "entity": alert["entity"]["value"],
                "alert_id": alert["alert_id"],
            }, sort_keys=True), flush=True)
    finally:
        consumer.close()
    short = sorted(r for r, v in ids.items() if len(v) < minimum)
    if short:
        print("fewer than %d alerts from: %s" % (minimum, ", ".join(short)), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
