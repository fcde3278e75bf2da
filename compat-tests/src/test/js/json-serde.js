#!/usr/bin/env node
// Confluent's JavaScript JSON Schema serdes (npm @confluentinc/schemaregistry: JsonSerializer, JsonDeserializer)
// against a registry, for JsonSchemaSerdeCompatTest. Each command prints one line per input:
//   serialize URL TOPIC JSON...    JsonSerializer (useLatestVersion, no auto-registration, validate): hex payloads
//   derive URL TOPIC JSON...       JsonSerializer as configured by default: it derives a schema from the value and
//                                  registers it; hex payloads
//   deserialize URL TOPIC HEX...   JsonDeserializer (validate): each value as JSON, or {"error": message}
'use strict';
const { SchemaRegistryClient, JsonSerializer, JsonDeserializer, SerdeType } = require('@confluentinc/schemaregistry');

const client = (url) => new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 });

async function serialize(url, topic, jsons, conf) {
  const serializer = new JsonSerializer(client(url), SerdeType.VALUE, conf);
  for (const json of jsons) {
    try {
      console.log((await serializer.serialize(topic, JSON.parse(json))).toString('hex'));
    } catch (e) {
      console.log(JSON.stringify({ error: String(e && e.message) }));
    }
  }
}

async function deserialize(url, topic, hexes) {
  const deserializer = new JsonDeserializer(client(url), SerdeType.VALUE, { validate: true });
  for (const hex of hexes) {
    try {
      console.log(JSON.stringify(await deserializer.deserialize(topic, Buffer.from(hex, 'hex'))));
    } catch (e) {
      console.log(JSON.stringify({ error: String(e && e.message) }));
    }
  }
}

const [command, url, topic, ...rest] = process.argv.slice(2);
const commands = {
  serialize: () => serialize(url, topic, rest, { useLatestVersion: true, autoRegisterSchemas: false, validate: true }),
  derive: () => serialize(url, topic, rest, { autoRegisterSchemas: true }),
  deserialize: () => deserialize(url, topic, rest),
};
if (!commands[command] || !url || !topic) {
  console.error('usage: json-serde.js serialize|derive URL TOPIC JSON... | deserialize URL TOPIC HEX...');
  process.exit(2);
}
commands[command]().catch((e) => {
  console.error(e);
  process.exit(1);
});
