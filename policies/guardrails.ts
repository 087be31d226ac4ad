// Guardrails a platform team expects from any stack: pinned images, sized containers, HA and persistent storage
// where it matters, alerts a person can act on, and a Grafana nobody walks into.
import type { PolicyConfigSchema, ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { settings } from "./lib/config";
import { isObject, yamlDocuments } from "./lib/documents";
import { message } from "./lib/message";
import { appName, configFiles, containersOf, DOCKER_CONTAINER, GRAFANA_RULE_GROUPS, imageRepository, isKind, kindOf, podSpec, REDACTED_SECRET, runsImage, type ResourceView } from "./lib/resources";

const imageSchema = {
  properties: {
    floatingTags: { type: "array", items: { type: "string" }, default: ["latest", "stable", "main", "master", "edge", "nightly", "dev"], description: "Tags that move and so never pin an image." },
  },
} satisfies PolicyConfigSchema;

/** Why an image reference is not pinned, or undefined when it is (an exact tag or a digest). */
export function unpinnedReason(image: string, floating: readonly string[]): string | undefined {
  if (!image) return "no image";
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const repo = imageRepository(image);
  const tag = image.length > repo.length ? image.slice(repo.length + 1) : undefined;
  if (tag === undefined) return "no tag, so the registry serves whatever `latest` is today";
  if (floating.includes(tag)) return `the tag ${tag} moves, so two nodes can run different versions`;
  return undefined;
}

export const pinnedImageTags: ResourceValidationPolicy = {
  name: "pinned-image-tags",
  description: "Every container image is pinned to an exact tag or digest (no latest, no tagless image).",
  configSchema: imageSchema,
  validateResource: (args, report) => {
    const { floatingTags } = settings<{ floatingTags: string[] }>(imageSchema, args.getConfig());
    for (const c of containersOf(args)) {
      const why = unpinnedReason(c.image, floatingTags);
      const field = c.path ? `${c.path}.image` : "image";
      if (why) report(message(args, field, c.image, why, "pin an exact version tag or @sha256 digest (components/images.ts holds the stack's pins)"));
    }
    if (args.type === "docker:index/image:Image") {
      const ref = String(args.props.imageName ?? "");
      const why = unpinnedReason(ref, floatingTags);
      if (why) report(message(args, "imageName", ref, why, "tag the built image with an exact version"));
    }
  },
};

const resourcesSchema = {
  properties: {
    requests: { type: "array", items: { type: "string" }, default: ["cpu", "memory"], description: "Resources every container must request." },
    limits: { type: "array", items: { type: "string" }, default: ["cpu", "memory"], description: "Resources every container must be limited in." },
  },
} satisfies PolicyConfigSchema;

const DOCKER_FIELDS: Record<string, string> = { "limits.cpu": "cpus", "limits.memory": "memory", "requests.memory": "memoryReservation" };

export const containerResources: ResourceValidationPolicy = {
  name: "container-resources",
  description: "Every container sets resource requests and limits (Docker: cpus, memory and memoryReservation).",
  configSchema: resourcesSchema,
  validateResource: (args, report) => {
    const s = settings<{ requests: string[]; limits: string[] }>(resourcesSchema, args.getConfig());
    const docker = args.type === DOCKER_CONTAINER;
    for (const c of containersOf(args)) {
      for (const [kind, wanted] of [["requests", s.requests], ["limits", s.limits]] as const) {
        for (const res of wanted) {
          // Docker has no CPU request worth the name (cpu_shares is relative); its memoryReservation is the request.
          if (docker && kind === "requests" && res === "cpu") continue;
          const value = c.resources[kind]?.[res];
          if (value === undefined || value === null || value === "") {
            const field = docker ? (DOCKER_FIELDS[`${kind}.${res}`] ?? `${kind}.${res}`) : `${c.path}.resources.${kind}.${res}`;
            report(message(args, field, undefined, `container ${c.name} has no ${res} ${kind === "requests" ? "request: the scheduler cannot place it by size" : "limit: one leak starves its neighbours"}`, `set ${res} ${kind} (llmobs:<component>.resources)`));
          }
        }
      }
    }
  },
};

const haSchema = {
  properties: {
    minReplicas: { type: "object", additionalProperties: { type: "integer", minimum: 1 }, default: {}, description: "Least replicas per component (app.kubernetes.io/name), e.g. { \"prometheus\": 2 }." },
    persistentStorage: { type: "array", items: { type: "string" }, default: [], description: "Components whose data must live on a PersistentVolumeClaim." },
  },
} satisfies PolicyConfigSchema;
interface HaSettings { minReplicas: Record<string, number>; persistentStorage: string[] }

/** How the data of a Kubernetes workload is stored: claim templates or PVC volumes count as persistent. */
function persistentVolumes(r: ResourceView): boolean {
  if ((r.props.spec?.volumeClaimTemplates ?? []).length > 0) return true;
  return (podSpec(r)?.spec.volumes ?? []).some((v: any) => v.persistentVolumeClaim);
}

export const haAndStorage: ResourceValidationPolicy = {
  name: "ha-and-storage",
  description: "Components run at least the environment's replica count and keep their data on persistent volumes where the environment asks for it (prod).",
  configSchema: haSchema,
  validateResource: (args, report) => {
    if (!["Deployment", "StatefulSet"].includes(kindOf(args))) return;
    const s = settings<HaSettings>(haSchema, args.getConfig());
    const app = appName(args);
    const min = s.minReplicas[app];
    const replicas = args.props.spec?.replicas ?? 1;
    if (min !== undefined && replicas < min) {
      report(message(args, "spec.replicas", replicas, `${app} needs at least ${min} replicas in this environment (one node or pod loss must not take it down)`, `set llmobs:${app === "llm-exporter" ? "exporter" : app}.replicas to ${min} or more`));
    }
    if (s.persistentStorage.includes(app) && !persistentVolumes(args)) {
      report(message(args, "spec.volumeClaimTemplates", undefined, `${app} keeps its data on ephemeral storage, lost with the pod`, `enable llmobs:${app}.storage (a PersistentVolumeClaim per replica)`));
    }
  },
};

const alertSchema = {
  properties: {
    severities: { type: "array", items: { type: "string" }, default: ["critical", "warning", "info"], description: "Allowed values of the severity label." },
  },
} satisfies PolicyConfigSchema;

function checkAlert(r: ResourceView, field: string, labels: Record<string, any>, annotations: Record<string, any>, severities: string[], report: ReportViolation): void {
  const severity = labels.severity;
  if (!severities.includes(severity)) report(message(r, `${field}.labels.severity`, severity, `an alert needs a severity (${severities.join(", ")}) for Alertmanager to route it`, "add labels.severity"));
  if (typeof annotations.summary !== "string" || !annotations.summary.trim()) report(message(r, `${field}.annotations.summary`, annotations.summary, "an alert needs a one-line summary for the notification", "add annotations.summary"));
  const runbook = annotations.runbook_url;
  if (typeof runbook !== "string" || !/^https?:\/\/\S+$/.test(runbook)) report(message(r, `${field}.annotations.runbook_url`, runbook, "an alert needs a runbook URL so the person paged knows what to do", "add annotations.runbook_url (docs/runbooks.md#<alert>)"));
}

export const alertAnnotations: ResourceValidationPolicy = {
  name: "alert-annotations",
  description: "Every alerting rule (Prometheus rule files, PrometheusRule objects, Grafana rule groups) carries severity, summary and runbook_url.",
  configSchema: alertSchema,
  validateResource: (args, report) => {
    const { severities } = settings<{ severities: string[] }>(alertSchema, args.getConfig());
    const groupsIn = (groups: unknown, at: string) => {
      for (const g of (Array.isArray(groups) ? groups : []) as Array<Record<string, any>>) {
        for (const rule of (g?.rules ?? []) as Array<Record<string, any>>) {
          if (rule.alert) checkAlert(args, `${at}groups[${g.name}].rules[alert=${rule.alert}]`, rule.labels ?? {}, rule.annotations ?? {}, severities, report);
        }
      }
    };
    for (const file of configFiles(args)) for (const doc of yamlDocuments(file)) if (isObject(doc)) groupsIn(doc.groups, `${file.field} `);
    if (args.type.endsWith(":PrometheusRule")) groupsIn(args.props.spec?.groups, "spec.");
    if (GRAFANA_RULE_GROUPS.includes(args.type)) {
      for (const rule of (args.props.rules ?? []) as Array<Record<string, any>>) if (!rule.record) checkAlert(args, `rules[${rule.name}]`, rule.labels ?? {}, rule.annotations ?? {}, severities, report);
    }
  },
};

/** Grafana's ini settings from a grafana.ini file: `[section]` then `key = value`. */
function iniValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = "";
  for (const line of text.split("\n")) {
    const s = /^\s*\[([^\]]+)\]/.exec(line);
    if (s) section = s[1]!.trim();
    const kv = /^\s*([\w.]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (kv && !line.trim().startsWith(";") && !line.trim().startsWith("#")) out.set(`${section}.${kv[1]}`, kv[2]!);
  }
  return out;
}

export const grafanaSecurity: ResourceValidationPolicy = {
  name: "grafana-security",
  description: "When Grafana runs, its admin password comes from a Secret (or a mounted file) and anonymous access is off.",
  validateResource: (args, report) => {
    for (const c of containersOf(args).filter((x) => runsImage(x, "grafana/grafana", "grafana/grafana-oss", "grafana/grafana-enterprise"))) {
      const pw = c.env.get("GF_SECURITY_ADMIN_PASSWORD");
      const pwFile = c.env.get("GF_SECURITY_ADMIN_PASSWORD__FILE");
      const docker = args.type === DOCKER_CONTAINER;
      // Docker has no Secret object: there a Pulumi secret in env (seen as the render's placeholder) is the way in.
      if (pw && "literal" in pw && !(docker && pw.literal === REDACTED_SECRET)) {
        report(message(args, `${c.envField} GF_SECURITY_ADMIN_PASSWORD`, "[literal]", "the admin password is a literal value in the workload definition", docker ? "pass llmobs:grafanaAdminPassword (a Pulumi secret) or upload a file and set GF_SECURITY_ADMIN_PASSWORD__FILE" : "read it from a Secret (valueFrom.secretKeyRef)"));
      } else if (!pw && !pwFile && !c.envFrom) {
        report(message(args, `${c.envField} GF_SECURITY_ADMIN_PASSWORD`, undefined, "no admin password: Grafana starts with admin/admin", "set llmobs:grafanaAdminPassword (reaches Grafana through a Secret)"));
      }
      const anon = c.env.get("GF_AUTH_ANONYMOUS_ENABLED");
      if (anon && "literal" in anon && anon.literal.toLowerCase() === "true") {
        report(message(args, `${c.envField} GF_AUTH_ANONYMOUS_ENABLED`, anon.literal, "anonymous users can read every dashboard", "set GF_AUTH_ANONYMOUS_ENABLED=false"));
      }
    }
    if (!isKind(args, "ConfigMap") && args.type !== DOCKER_CONTAINER) return;
    for (const file of configFiles(args).filter((f) => /grafana\.ini$/.test(f.name))) {
      const ini = iniValues(file.content);
      if ((ini.get("auth.anonymous.enabled") ?? "").toLowerCase() === "true") report(message(args, `${file.field} [auth.anonymous] enabled`, "true", "anonymous users can read every dashboard", "set enabled = false"));
      const pw = ini.get("security.admin_password");
      if (pw && !/^\$__(file|env)\{/.test(pw)) report(message(args, `${file.field} [security] admin_password`, "[literal]", "the admin password is written into a config file", "use admin_password = $__file{/path/to/secret} or the Secret-backed environment variable"));
    }
  },
};

export const guardrailPolicies = [pinnedImageTags, containerResources, haAndStorage, alertAnnotations, grafanaSecurity];
