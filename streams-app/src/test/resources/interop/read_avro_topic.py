"""Reads Avro records from a Sluice topic with Confluent's own Python client.

Interop check: a consumer no one on the project wrote (Debian's python3-confluent-kafka, its
MessageSerializer and CachedSchemaRegistryClient) must decode what Sluice's serde wrote, through the
schema registry. Keys on Sluice topics are plain strings, so values are decoded with Confluent's
MessageSerializer rather than AvroConsumer (which insists on Avro keys too). Prints one JSON line per record and exits 0 once it has read `count` records.

usage: read_avro_topic.py BOOTSTRAP REGISTRY_URL TOPIC COUNT
"""
import json
import sys
import time

from confluent_kafka import Consumer
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def main():
    bootstrap, registry, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry}))
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "sluice-python-interop",
        "auto.offset.reset": "earliest",
        "isolation.level": "read_committed",
    })
    consumer.subscribe([topic])
    seen = 0
    deadline = time.time() + 60
    try:
        while seen < count and time.time() < deadline:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                print("error: %s" % message.error(), file=sys.stderr)
                continue
            value = serializer.decode_message(message.value())
            key = message.key().decode("utf-8") if message.key() is not None else None
            print(json.dumps({"key": key, "value": value}, default=str, sort_keys=True))
            seen += 1
    finally:
        consumer.close()
    return 0 if seen >= count else 3


if __name__ == "__main__":
    sys.exit(main())
