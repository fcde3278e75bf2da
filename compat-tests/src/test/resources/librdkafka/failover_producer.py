"""An idempotent acks=all librdkafka producer (Debian's python3-confluent-kafka) sending numbered values to one
partition at a steady pace for a while, through whatever failovers happen meanwhile.

Usage: failover_producer.py BOOTSTRAP TOPIC SECONDS OUT_FILE
Writes one line per acknowledged value to OUT_FILE: "<value> <offset>" (offset -1 when librdkafka reports the
delivery without one: a retried batch the broker answered DUPLICATE_SEQUENCE_NUMBER), and prints a summary line
"sent=N acked=N failed=N" at the end (failed: delivery reports with an error).
"""
import sys
import time

from confluent_kafka import Producer

bootstrap, topic, seconds, out_path = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
producer = Producer({
    "bootstrap.servers": bootstrap,
    "enable.idempotence": True,
    "acks": "all",
    "linger.ms": 5,
    "message.timeout.ms": 120000,
    "topic.metadata.refresh.interval.ms": 1000,
})
acked = []
failed = []


def report(err, msg):
    if err is not None:
        failed.append((int(msg.value()), str(err)))
    else:
        offset = msg.offset()
        acked.append((int(msg.value()), -1 if offset is None or offset < 0 else offset))


sent = 0
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    producer.produce(topic, value=str(sent).encode(), partition=0, on_delivery=report)
    sent += 1
    producer.poll(0.005)
remaining = producer.flush(150)
with open(out_path, "w") as out:
    for value, offset in acked:
        out.write("%d %d\n" % (value, offset))
print("sent=%d acked=%d failed=%d unflushed=%d" % (sent, len(acked), len(failed), remaining))
for value, err in failed[:5]:
    print("failure value=%d: %s" % (value, err))
sys.exit(0)
