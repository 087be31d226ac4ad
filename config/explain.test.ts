import { test } from "node:test";
import assert from "node:assert/strict";
import { allowedText, keyName, schemaAt, type SchemaNode } from "./index";

const ALLOWED: [SchemaNode, string][] = [
  [{ type: "integer", minimum: 1, maximum: 5 }, "an integer from 1 to 5"],
  [{ type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER }, "an integer >= 1"],
  [{ type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 }, "a number > 0 and < 1"],
  [{ type: "number", exclusiveMinimum: 0 }, "a number > 0"],
  [{ type: "boolean" }, "true or false"],
  [{ type: "string", enum: ["http", "https"] }, 'one of "http" | "https"'],
  [{ type: "string", format: "email" }, "an e-mail address"],
  [{ type: "string", minLength: 1, maxLength: 63 }, "a string of 1 to 63 characters"],
  [{ type: "string", allowed: "a duration like 30s" }, "a duration like 30s"],
  [{ type: "array", minItems: 1, items: { type: "boolean" } }, "a list of at least 1, each item true or false"],
  [{ type: "object", properties: { a: {}, b: {} } }, "an object with keys a, b"],
  [{ type: "object", propertyNames: { type: "string", format: "email" }, additionalProperties: { type: "boolean" } }, "a map from an e-mail address to true or false"],
];

for (const [node, text] of ALLOWED) {
  test(`allowedText(${JSON.stringify(node)})`, () => assert.equal(allowedText(node), text));
}

test("schemaAt walks objects, list items and map values", () => {
  assert.equal(schemaAt(["prometheus", "retentionTime"])?.title, "duration");
  assert.deepEqual(schemaAt(["exporter", "upstreams", 3, "backend"])?.enum, ["vllm", "llamacpp", "tgi", "ollama", "openai"]);
  assert.equal(schemaAt(["alerts", "modelOverrides", "any-model", "ttftP95WarningMs"])?.type, "number");
  assert.equal(schemaAt(["prometheus", "nope", "deeper"]), undefined);
});

const KEYS: [PropertyKey[], string][] = [
  [["environment"], "llmobs:environment"],
  [["prometheus", "storage", "sizeGb"], "llmobs:prometheus.storage.sizeGb"],
  [["exporter", "upstreams", 1, "models", 0], "llmobs:exporter.upstreams[1].models[0]"],
  [["alerts", "modelOverrides", "llama-3.1-70b", "ttftP95WarningMs"], 'llmobs:alerts.modelOverrides["llama-3.1-70b"].ttftP95WarningMs'],
];

for (const [path, key] of KEYS) test(`keyName spells ${key} as pulumi config set --path does`, () => assert.equal(keyName(path), key));
