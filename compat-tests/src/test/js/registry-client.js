#!/usr/bin/env node
// Confluent's JavaScript schema registry client (npm @confluentinc/schemaregistry) against a registry, for
// ConfluentJsClientCompatTest. Commands:
//   register-evolve-serialize URL TOPIC  registers USER_V1 then USER_V2 under TOPIC-value, serializes RECORDS with the
//                                        client's AvroSerializer (useLatestVersion) and prints each payload as hex on
//                                        its own line, then one JSON line with the ids and versions the client got
//   deserialize URL TOPIC HEX...         deserializes each payload with the AvroDeserializer, prints it as JSON
//   missing URL                          prints {"status":..,"errorCode":..} of a lookup of a missing subject
'use strict';
const {
  SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType, RestError,
} = require('@confluentinc/schemaregistry');

const USER_V1 = {
  type: 'record', name: 'User', namespace: 'com.example',
  fields: [{ name: 'name', type: 'string' }, { name: 'age', type: 'int' }, { name: 'joined', type: 'long' }],
};
// v2 adds a field with a default: BACKWARD compatible.
const USER_V2 = { ...USER_V1, fields: [...USER_V1.fields, { name: 'email', type: ['null', 'string'], default: null }] };
// ConfluentJsClientCompatTest expects exactly these values. (avsc takes a long as a JS number only within ±2^52.)
const RECORDS = [
  { name: 'alice', age: 30, joined: 1700000000000, email: 'alice@example.com' },
  { name: 'bob', age: -7, joined: 0, email: null },
  { name: 'Zoë ☃ 😀', age: 2147483647, joined: -4503599627370496, email: '' },
];

const client = (url) => new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 });
const avro = (schema) => ({ schemaType: 'AVRO', schema: JSON.stringify(schema) });

async function registerEvolveSerialize(url, topic) {
  const sr = client(url);
  const subject = `${topic}-value`;
  const got = {};
  for (const [name, schema] of [['v1', USER_V1], ['v2', USER_V2]]) {
    const id = await sr.register(subject, avro(schema));
    // POST /subjects/{subject} (lookup) answers the version as well
    const version = await sr.getVersion(subject, avro(schema));
    got[name] = { id, version };
  }
  const latest = await sr.getLatestSchemaMetadata(subject);
  got.latest = { id: latest.id, version: latest.version };
  // A client of its own, as a producer would have: nothing cached from the registrations above.
  const serializer = new AvroSerializer(client(url), SerdeType.VALUE,
    { useLatestVersion: true, autoRegisterSchemas: false });
  for (const record of RECORDS) {
    console.log((await serializer.serialize(topic, record)).toString('hex'));
  }
  console.log(JSON.stringify(got));
}

async function deserialize(url, topic, hexes) {
  const deserializer = new AvroDeserializer(client(url), SerdeType.VALUE, {});
  for (const hex of hexes) {
    console.log(JSON.stringify(await deserializer.deserialize(topic, Buffer.from(hex, 'hex'))));
  }
}

async function missing(url) {
  try {
    await client(url).getLatestSchemaMetadata('no-such-subject-value');
    console.log('{"found":true}');
  } catch (e) {
    if (!(e instanceof RestError)) throw e;
    console.log(JSON.stringify({ status: e.status, errorCode: e.errorCode }));
  }
}

const [command, url, topic, ...rest] = process.argv.slice(2);
const commands = {
  'register-evolve-serialize': () => registerEvolveSerialize(url, topic),
  deserialize: () => deserialize(url, topic, rest),
  missing: () => missing(url),
};
if (!commands[command] || !url) {
  console.error('usage: registry-client.js register-evolve-serialize URL TOPIC | deserialize URL TOPIC HEX... | missing URL');
  process.exit(2);
}
commands[command]().catch((e) => {
  console.error(e);
  process.exit(1);
});
