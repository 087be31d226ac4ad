// No credential in plain text: ConfigMaps, the config files they and Docker uploads carry, and container
// environments are searched for secret-looking keys with literal values and for values shaped like credentials.
import type { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { isObject, yamlDocuments } from "./lib/documents";
import { message } from "./lib/message";
import { configFiles, containersOf, DOCKER_CONTAINER, isKind, REDACTED_SECRET, type ConfigFile, type ResourceView } from "./lib/resources";

const SECRET_WORDS = new Set(["password", "passwd", "pwd", "secret", "token", "apikey", "credential", "credentials", "passphrase", "privatekey"]);
const SECRET_PAIRS = [["api", "key"], ["private", "key"], ["access", "key"], ["secret", "key"], ["service", "key"], ["auth", "key"], ["webhook", "url"]];
// Words that make a name about a secret rather than the secret itself (its file, its Secret's name, its length...).
const REFERENCE_WORDS = new Set(["file", "path", "ref", "name", "names", "type", "url", "dir", "username", "user", "header", "enabled", "length", "limit", "max", "min", "ttl", "count", "mode", "env", "id", "endpoint"]);

/** Splits `LLMOBS_API_TOKEN`, `smtp_auth_password`, `adminPassword` into lower-case words. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** True when a key or variable name says its value is a credential. */
export function isSecretName(name: string): boolean {
  const w = words(name);
  const pair = SECRET_PAIRS.some(([a, b]) => w.some((x, i) => x === a && w[i + 1] === b));
  if (w.some((x) => REFERENCE_WORDS.has(x)) && !pair) return false;
  if (pair && w[w.length - 1] !== "url" && w.some((x) => ["file", "path", "ref", "name", "env"].includes(x))) return false;
  return pair || w.some((x) => SECRET_WORDS.has(x));
}

/** Values that only refer to a secret (an environment variable, a file), which is how it should be done. */
const isReference = (v: string) => v.trim() === "" || /^\s*(\$\{[^}]+\}|\$[A-Z_][A-Z0-9_]*|\$\([^)]+\)|#\{ENV\[[^\]]+\]\}|\$__(file|env)\{[^}]+\})\s*$/.test(v);

/** Shapes no config value has unless it is a credential. */
const CREDENTIAL_SHAPES: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+/, "a Slack webhook URL (the URL is the credential)"],
  [/\bAKIA[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/\bgh[pousr]_[A-Za-z0-9]{36}\b/, "a GitHub token"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, "a JSON web token"],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@${}]+:[^/\s@${}]+@/, "a URL with a password in it"],
];


function credentialShape(value: string): string | undefined {
  if (value.trim() === REDACTED_SECRET) return "a Pulumi secret";
  return CREDENTIAL_SHAPES.find(([re]) => re.test(value))?.[1];
}

const FIX = "put the value in a Kubernetes Secret (or a secret config key: pulumi config set --secret) and reference it (secretKeyRef, *_file)";

/** Every string leaf of a parsed YAML/JSON document, with its key path. */
function leaves(v: unknown, at: string[], out: Array<{ path: string[]; value: string }>): void {
  if (typeof v === "string") out.push({ path: at, value: v });
  else if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...at, String(i)], out));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) leaves(x, [...at, k], out);
}

function judgeFile(r: ResourceView, file: ConfigFile, report: ReportViolation): void {
  const found = new Set<string>();
  const flag = (field: string, problem: string) => {
    if (found.has(field)) return;
    found.add(field);
    report(message(r, field, "[redacted]", problem, FIX), r.urn);
  };
  // The file's own key (a ConfigMap entry named like a secret), then the structure inside it.
  if (isKind(r, "ConfigMap") && isSecretName(file.name) && !isReference(file.content)) flag(file.field, `the key ${file.name} names a credential and holds a literal value`);
  for (const doc of yamlDocuments(file)) {
    const ls: Array<{ path: string[]; value: string }> = [];
    leaves(doc, [], ls);
    for (const { path, value } of ls) {
      const key = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? "";
      const field = `${file.field} ${path.join(".")}`;
      if (isSecretName(key) && !isReference(value)) flag(field, `${key} holds a literal credential`);
      const shape = credentialShape(value);
      if (shape) flag(field, `the value is ${shape}`);
    }
  }
  // Line formats YAML does not cover: grafana.ini (`key = value`), fluent.conf (`key value`).
  const lineFormat = /\.(ini|conf|cfg|properties|env)$/.test(file.name);
  for (const m of lineFormat ? file.content.matchAll(/^\s*([A-Za-z_][\w.]*)\s*(?:=|\s)\s*(\S.*?)\s*$/gm) : []) {
    if (isSecretName(m[1]!) && !isReference(m[2]!.replace(/^["']|["']$/g, "")) && !/^:/.test(m[2]!)) flag(`${file.field} ${m[1]}`, `${m[1]} holds a literal credential`);
  }
  const shape = credentialShape(file.content);
  if (shape && found.size === 0) flag(file.field, `the content holds ${shape}`);
}

export const noPlaintextSecrets: StackValidationPolicy = {
  name: "no-plaintext-secrets",
  description: "No credential in plain text: not in ConfigMaps or the config files they carry, not as a literal container environment value.",
  validateStack: (args, report) => {
    for (const r of args.resources) {
      const docker = r.type === DOCKER_CONTAINER;
      if (isKind(r, "ConfigMap")) for (const f of configFiles(r)) judgeFile(r, f, report);
      if (docker) {
        // Owner-only uploads are Docker's secret files (it has no Secret object); the others are plain config.
        const uploads = (r.props.uploads ?? []) as Array<Record<string, any>>;
        for (const f of configFiles(r)) {
          const mode = String(uploads.find((u) => `uploads[${u.file}]` === f.field)?.permissions ?? "");
          if (!/^0?[4-7]00$/.test(mode) && f.content.trim() !== REDACTED_SECRET) judgeFile(r, f, report);
        }
      }
      for (const c of containersOf(r)) {
        for (const [name, v] of c.env) {
          if (!("literal" in v) || isReference(v.literal)) continue;
          // Docker has no Secret object: its credentials travel as Pulumi secrets in env, which the engine hands
          // policies unwrapped, so there only credential-shaped values are judged, not names.
          const byName = !docker && isSecretName(name);
          const shape = credentialShape(v.literal);
          if ((byName || shape) && !(docker && shape === "a Pulumi secret")) {
            report(message(r, `${c.envField} ${name}`, "[redacted]", byName ? `${name} is a credential given as a literal value` : `the value is ${shape}`, docker ? "pass it as a secret upload (0400 file) or a Pulumi secret" : "use valueFrom.secretKeyRef to a Secret"), r.urn);
          }
        }
      }
    }
  },
};
