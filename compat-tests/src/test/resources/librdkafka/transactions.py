"""librdkafka (Debian's python3-confluent-kafka) transactions against a broker.

Usage: transactions.py BOOTSTRAP PREFIX

Creates 3 topics x 4 partitions, runs 30 transactions of 20 records (every third aborted after its records were
sent), then reads everything back with read_committed and read_uncommitted consumers; then opens one more
transaction and checks a read_committed consumer sees none of it until it commits. Prints one `key=value` line per
finding for the Java test to check; exits non-zero on an exception.
"""
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap, prefix = sys.argv[1], sys.argv[2]
topics = [f"{prefix}-{i}" for i in range(3)]

admin = AdminClient({"bootstrap.servers": bootstrap})
for f in admin.create_topics([NewTopic(t, num_partitions=4, replication_factor=1) for t in topics]).values():
    f.result(30)

producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": prefix + "-tx",
                     "transaction.timeout.ms": 60000})
producer.init_transactions(30)
committed, aborted = set(), set()
for t in range(30):
    producer.begin_transaction()
    ids = [f"{t}-{i}" for i in range(20)]
    for n, rid in enumerate(ids):
        producer.produce(topics[n % 3], key=str(n).encode(), value=rid.encode(), partition=n % 4)
    if t % 3 == 2:
        producer.flush(30)  # sent, so the abort needs markers
        producer.abort_transaction(30)
        aborted.update(ids)
    else:
        producer.commit_transaction(30)
        committed.update(ids)


def read_all(isolation, expected, seconds=30):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"{prefix}-{isolation}-{time.time()}",
                         "isolation.level": isolation, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    consumer.assign([TopicPartition(t, p, 0) for t in topics for p in range(4)])
    seen, order_ok, last = [], True, {}
    deadline = time.time() + seconds
    while time.time() < deadline and len(seen) < expected:
        m = consumer.poll(0.2)
        if m is None or m.error():
            continue
        tp = (m.topic(), m.partition())
        if tp in last and m.offset() <= last[tp]:
            order_ok = False
        last[tp] = m.offset()
        seen.append(m.value().decode())
    # Anything beyond what is expected would show now.
    end = time.time() + 1
    while time.time() < end:
        m = consumer.poll(0.2)
        if m is not None and not m.error():
            seen.append(m.value().decode())
    consumer.close()
    return seen, order_ok


seen, order_ok = read_all("read_committed", len(committed))
print(f"committed_expected={len(committed)}")
print(f"committed_seen={len(set(seen))}")
print(f"committed_exact={set(seen) == committed and len(seen) == len(committed)}")
print(f"committed_order={order_ok}")
seen, order_ok = read_all("read_uncommitted", len(committed) + len(aborted))
print(f"uncommitted_all={set(seen) == committed | aborted}")

# An open transaction holds read_committed consumers back until it ends.
producer.begin_transaction()
producer.produce(topics[0], value=b"open-1", partition=0)
producer.flush(30)
watcher = Consumer({"bootstrap.servers": bootstrap, "group.id": f"{prefix}-watch", "isolation.level": "read_committed",
                    "auto.offset.reset": "earliest", "enable.auto.commit": False})
watcher.assign([TopicPartition(topics[0], 0, 0)])
held, end = [], time.time() + 3
while time.time() < end:
    m = watcher.poll(0.2)
    if m is not None and not m.error():
        held.append(m.value().decode())
print(f"open_hidden={'open-1' not in held}")
producer.commit_transaction(30)
released, end = [], time.time() + 20
while time.time() < end and "open-1" not in released:
    m = watcher.poll(0.2)
    if m is not None and not m.error():
        released.append(m.value().decode())
print(f"open_released={'open-1' in released}")
watcher.close()
