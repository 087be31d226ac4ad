// How the policies read the resources they judge: Kubernetes objects and Docker containers as the engine hands
// them over (resolved inputs). Everything here is shape, no judgement.

/** The part of a resource every policy looks at (ResourceValidationArgs and PolicyResource both have it). */
export interface ResourceView {
  type: string;
  name: string;
  props: Record<string, any>;
  /** Set on the resources a stack policy sees; stack policies attribute their violations with it. */
  urn?: string;
}

export const DOCKER_CONTAINER = "docker:index/container:Container";
/** @pulumiverse/grafana's dashboard and rule group types (the `oss`/`alerting` modules and the older index aliases). */
export const GRAFANA_DASHBOARDS = ["grafana:oss/dashboard:Dashboard", "grafana:index/dashboard:Dashboard"];
export const GRAFANA_RULE_GROUPS = ["grafana:alerting/ruleGroup:RuleGroup", "grafana:index/ruleGroup:RuleGroup"];

export const isKubernetes = (r: ResourceView): boolean => r.type.startsWith("kubernetes:");
export const kindOf = (r: ResourceView): string => (isKubernetes(r) ? r.type.split(":").pop()! : "");
export const isKind = (r: ResourceView, kind: string): boolean => kindOf(r) === kind;

/** How messages name a resource: `StatefulSet prometheus`, `Docker container llmobs-prometheus`. */
export function describe(r: ResourceView): string {
  if (isKubernetes(r)) return `${kindOf(r)} ${r.props.metadata?.name ?? r.name}`;
  if (r.type === DOCKER_CONTAINER) return `Docker container ${r.props.name ?? r.name}`;
  return `${r.type.split(":").pop()} ${r.name}`;
}

/** The component a workload runs, from the recommended label, else its name. */
export function appName(r: ResourceView): string {
  if (r.type === DOCKER_CONTAINER) return String(r.props.name ?? r.name);
  return String(r.props.metadata?.labels?.["app.kubernetes.io/name"] ?? r.props.metadata?.name ?? r.name);
}

/**
 * The placeholder `npm run render` writes for a Pulumi secret (its resources.json). Seen in a plain field, it means
 * a secret Output was put there; in a Docker container's env or upload it is how Docker receives credentials.
 */
export const REDACTED_SECRET = "[secret]";

/** An environment variable: a literal value, or where the value comes from. */
export type EnvValue = { literal: string } | { from: "secret" | "configMap" | "field" | "other" };

export interface ContainerView {
  /** Field path of the container inside the resource, for messages: `spec.template.spec.containers[0]`. */
  path: string;
  name: string;
  image: string;
  /** Arguments as Prometheus-style flags see them: Kubernetes command + args, Docker entrypoint + command. */
  argv: string[];
  env: Map<string, EnvValue>;
  /** Field that holds the environment, for messages. */
  envField: string;
  /** Kubernetes `resources`, or the Docker limits mapped onto the same shape. */
  resources: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  /** True when the container also takes variables from a ConfigMap or Secret (`envFrom`). */
  envFrom: boolean;
  /** Field holding the command-line arguments (`...args`, `command`), for messages. */
  argsField: string;
}

const POD_TEMPLATE_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"]);

/** The pod spec of a Kubernetes workload and its field path. */
export function podSpec(r: ResourceView): { spec: Record<string, any>; path: string } | undefined {
  const kind = kindOf(r);
  if (POD_TEMPLATE_KINDS.has(kind)) return r.props.spec?.template?.spec ? { spec: r.props.spec.template.spec, path: "spec.template.spec" } : undefined;
  if (kind === "CronJob") {
    const spec = r.props.spec?.jobTemplate?.spec?.template?.spec;
    return spec ? { spec, path: "spec.jobTemplate.spec.template.spec" } : undefined;
  }
  if (kind === "Pod") return r.props.spec ? { spec: r.props.spec, path: "spec" } : undefined;
  return undefined;
}

function kubernetesEnv(c: Record<string, any>): Map<string, EnvValue> {
  const env = new Map<string, EnvValue>();
  for (const e of (c.env ?? []) as Array<Record<string, any>>) {
    if (e.valueFrom?.secretKeyRef) env.set(e.name, { from: "secret" });
    else if (e.valueFrom?.configMapKeyRef) env.set(e.name, { from: "configMap" });
    else if (e.valueFrom?.fieldRef || e.valueFrom?.resourceFieldRef) env.set(e.name, { from: "field" });
    else if (e.valueFrom) env.set(e.name, { from: "other" });
    else env.set(e.name, { literal: e.value === undefined || e.value === null ? "" : String(e.value) });
  }
  return env;
}

/** Docker `envs` (`NAME=value` strings) as a map. */
export function dockerEnv(envs: unknown): Map<string, EnvValue> {
  const env = new Map<string, EnvValue>();
  for (const e of (Array.isArray(envs) ? envs : []) as string[]) {
    const i = String(e).indexOf("=");
    if (i > 0) env.set(String(e).slice(0, i), { literal: String(e).slice(i + 1) });
  }
  return env;
}

/** Every container (init containers included) of a Kubernetes workload or a Docker container. */
export function containersOf(r: ResourceView): ContainerView[] {
  if (r.type === DOCKER_CONTAINER) {
    const p = r.props;
    const limits: Record<string, unknown> = {};
    const requests: Record<string, unknown> = {};
    if (p.cpus !== undefined) limits.cpu = p.cpus;
    if (p.memory !== undefined) limits.memory = p.memory;
    if (p.memoryReservation !== undefined) requests.memory = p.memoryReservation;
    if (p.cpuShares !== undefined) requests.cpu = p.cpuShares;
    return [{
      path: "",
      name: String(p.name ?? r.name),
      image: String(p.image ?? ""),
      argv: [...(p.entrypoints ?? []), ...(p.command ?? [])].map(String),
      env: dockerEnv(p.envs),
      envField: "envs",
      resources: { requests, limits },
      envFrom: false,
      argsField: "command",
    }];
  }
  const pod = podSpec(r);
  if (!pod) return [];
  const out: ContainerView[] = [];
  for (const field of ["initContainers", "containers"]) {
    ((pod.spec[field] ?? []) as Array<Record<string, any>>).forEach((c, i) => {
      const path = `${pod.path}.${field}[${i}]`;
      out.push({
        path,
        name: String(c.name),
        image: String(c.image ?? ""),
        argv: [...(c.command ?? []), ...(c.args ?? [])].map(String),
        env: kubernetesEnv(c),
        envField: `${path}.env`,
        resources: c.resources ?? {},
        envFrom: Array.isArray(c.envFrom) && c.envFrom.length > 0,
        argsField: `${path}.${c.args ? "args" : "command"}`,
      });
    });
  }
  return out;
}

/** The value of a `--flag=value` (or `--flag value`) argument; undefined when absent. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
    if (a === flag) return argv[i + 1];
  }
  return undefined;
}

/** A config file a resource carries: ConfigMap data, a Docker upload, a Grafana dashboard's JSON. */
export interface ConfigFile {
  /** Where it sits in the resource, for messages: `data["prometheus.yml"]`, `uploads[/etc/prometheus/prometheus.yml]`. */
  field: string;
  /** The file name (key or path). */
  name: string;
  content: string;
}

export function configFiles(r: ResourceView): ConfigFile[] {
  const p = r.props;
  if (isKind(r, "ConfigMap")) {
    const files: ConfigFile[] = Object.entries((p.data ?? {}) as Record<string, unknown>).map(([k, v]) => ({ field: `data["${k}"]`, name: k, content: String(v ?? "") }));
    for (const [k, v] of Object.entries((p.binaryData ?? {}) as Record<string, unknown>)) {
      files.push({ field: `binaryData["${k}"]`, name: k, content: Buffer.from(String(v), "base64").toString("utf8") });
    }
    return files;
  }
  if (r.type === DOCKER_CONTAINER) {
    return ((p.uploads ?? []) as Array<Record<string, any>>).map((u) => ({
      field: `uploads[${u.file}]`,
      name: String(u.file),
      content: u.content !== undefined ? String(u.content) : Buffer.from(String(u.contentBase64 ?? ""), "base64").toString("utf8"),
    }));
  }
  if (GRAFANA_DASHBOARDS.includes(r.type) && typeof p.configJson === "string") return [{ field: "configJson", name: "configJson", content: p.configJson }];
  return [];
}

/**
 * Text a workload carries on its command line or in literal environment values (a Job that PUTs a JSON document
 * with curl, say), as pseudo config files so that content checks see it too.
 */
export function containerTexts(r: ResourceView): ConfigFile[] {
  return containersOf(r).flatMap((c) => [
    ...c.argv.map((a, i) => ({ field: `${c.argsField}[${i}]`, name: `${c.name}-arg-${i}`, content: a })),
    ...[...c.env].flatMap(([k, v]) => ("literal" in v ? [{ field: `${c.envField} ${k}`, name: k, content: v.literal }] : [])),
  ]);
}

/** Settings the exporter reads from its environment, wherever a resource carries them. */
export interface ExporterSettings {
  /** Field of one setting, for messages: `data["AUDIT_RETENTION_DAYS"]`, `spec.template.spec.containers[0].env AUDIT_RETENTION_DAYS`. */
  field: (key: string) => string;
  values: Map<string, string>;
}

const isExporterKey = (k: string) => k.startsWith("LLMOBS_") || k.startsWith("AUDIT_");

/**
 * The exporter's settings in a resource: a ConfigMap of `LLMOBS_*`/`AUDIT_*` keys (mounted with envFrom), or a
 * container's literal environment that holds such keys. Undefined when the resource carries none.
 */
export function exporterSettings(r: ResourceView): ExporterSettings[] {
  const out: ExporterSettings[] = [];
  if (isKind(r, "ConfigMap")) {
    const data = (r.props.data ?? {}) as Record<string, unknown>;
    if (Object.keys(data).some(isExporterKey)) out.push({ field: (k) => `data["${k}"]`, values: new Map(Object.entries(data).map(([k, v]) => [k, String(v)])) });
    return out;
  }
  for (const c of containersOf(r)) {
    // A container that also reads a ConfigMap gets judged through that ConfigMap.
    if (c.envFrom) continue;
    const literal = new Map<string, string>();
    for (const [k, v] of c.env) if ("literal" in v) literal.set(k, v.literal);
    if ([...literal.keys()].some(isExporterKey)) out.push({ field: (k) => `${c.envField} ${k}`, values: literal });
  }
  return out;
}

/** The repository part of an image reference: `docker.elastic.co/elasticsearch/elasticsearch:8.15.0` -> `docker.elastic.co/elasticsearch/elasticsearch`. */
export function imageRepository(image: string): string {
  const noDigest = image.split("@")[0]!;
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** True when the image's repository ends with one of the names (`prometheus` matches `prom/prometheus`). */
export function runsImage(c: { image: string }, ...names: string[]): boolean {
  const repo = imageRepository(c.image);
  return names.some((n) => repo === n || repo.endsWith(`/${n}`));
}
