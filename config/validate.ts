import type { StackConfig } from "./schema";
import { problemLine } from "./errors";
import { thresholdProblems, type Path, type Problem } from "./validate-thresholds";

const SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds in a Prometheus duration string (`15d` -> 1296000). */
export function durationSeconds(d: string): number {
  const m = /^([0-9]+)(ms|s|m|h|d|w|y)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  return Number(m[1]) * SECONDS[m[2]!]!;
}

function platformProblems(c: StackConfig): Problem[] {
  const p: Problem[] = [];
  const expected = c.environment === "local" ? "docker" : "kubernetes";
  if (c.platform !== expected) p.push([["platform"], c.platform, `"${expected}" for the ${c.environment} environment`]);
  // One Docker host has no second node to fail over to, and Alertmanager gossip needs peers the docker platform does not create.
  if (c.platform === "docker") {
    for (const section of ["prometheus", "alertmanager"] as const) {
      if (c[section].replicas > 1) p.push([[section, "replicas"], c[section].replicas, "1 on the docker platform (HA needs kubernetes)"]);
    }
  }
  return p;
}

/** A recorded series evaluated less often than this could drop out of Prometheus' 5 m lookback between two runs. */
const MAX_WINDOWED_RULES_SECONDS = 120;

function prometheusProblems(c: StackConfig): Problem[] {
  const p: Problem[] = [];
  const prom = c.prometheus;
  if (prom.storage.enabled && prom.retentionSizeGb >= prom.storage.sizeGb) {
    p.push([["prometheus", "retentionSizeGb"], prom.retentionSizeGb, `less than prometheus.storage.sizeGb (${prom.storage.sizeGb}) so the TSDB cannot fill its volume`]);
  }
  if (durationSeconds(prom.scrapeTimeout) > durationSeconds(prom.scrapeInterval)) {
    p.push([["prometheus", "scrapeTimeout"], prom.scrapeTimeout, `at most prometheus.scrapeInterval (${prom.scrapeInterval})`]);
  }
  const windowed = durationSeconds(prom.windowedRulesInterval);
  if (windowed < durationSeconds(prom.evaluationInterval) || windowed > MAX_WINDOWED_RULES_SECONDS) {
    p.push([["prometheus", "windowedRulesInterval"], prom.windowedRulesInterval, `a duration from prometheus.evaluationInterval (${prom.evaluationInterval}) to 2m`]);
  }
  if ("cluster" in prom.externalLabels) {
    p.push([["prometheus", "externalLabels", "cluster"], prom.externalLabels.cluster, "no `cluster` here: it comes from the top-level cluster key"]);
  }
  p.push(...duplicateNames(["prometheus", "remoteWrite"], prom.remoteWrite), ...duplicateNames(["prometheus", "llmBackends"], prom.llmBackends));
  prom.llmBackends.forEach((b, i) => {
    // Ollama serves no Prometheus /metrics; the exporter reads its /api/ps instead (exporter.upstreams backend ollama).
    if (b.backend === "ollama") p.push([["prometheus", "llmBackends", i, "backend"], b.backend, "vllm, llamacpp, tgi or openai (a server with a Prometheus /metrics); point an exporter upstream with backend ollama at Ollama instead"]);
  });
  return p;
}

function alertmanagerProblems(c: StackConfig): Problem[] {
  const am = c.alertmanager;
  if (durationSeconds(am.repeatInterval) >= durationSeconds(am.groupInterval)) return [];
  return [[["alertmanager", "repeatInterval"], am.repeatInterval, `at least alertmanager.groupInterval (${am.groupInterval})`]];
}

function duplicateNames(path: Path, items: readonly { name: string }[]): Problem[] {
  const seen = new Set<string>();
  return items.flatMap((item, i): Problem[] => {
    const dup = seen.has(item.name);
    seen.add(item.name);
    return dup ? [[[...path, i, "name"], item.name, `a name not used by another entry of ${path.join(".")}`]] : [];
  });
}

function exporterProblems(c: StackConfig): Problem[] {
  const p: Problem[] = [];
  const ups = c.exporter.upstreams;
  p.push(...duplicateNames(["exporter", "upstreams"], ups));
  const defaults = ups.flatMap((u, i) => (u.default || u.models.length === 0 ? [i] : []));
  for (const i of defaults.slice(1)) {
    const first = ups[defaults[0]!]!.name;
    p.push([["exporter", "upstreams", i, "default"], ups[i]!.default, `at most one default upstream (default: true, or no models); ${first} already is`]);
  }
  const routedTo = new Map<string, string>();
  ups.forEach((u, i) => u.models.forEach((m, j) => {
    const other = routedTo.get(m);
    if (other !== undefined) p.push([["exporter", "upstreams", i, "models", j], m, `a model routed to one upstream only (already on ${other})`]);
    routedTo.set(m, u.name);
  }));
  const image = c.exporter.image;
  if (image.build && image.ref !== undefined) p.push([["exporter", "image", "ref"], image.ref, "unset when exporter.image.build is true (a built image gets a content tag)"]);
  if (!image.build && image.registry !== undefined) p.push([["exporter", "image", "registry"], image.registry, "unset unless exporter.image.build is true (it is where a built image is pushed)"]);
  if (image.push && !(image.build && image.registry)) p.push([["exporter", "image", "push"], true, "false unless exporter.image.build is true and exporter.image.registry is set"]);
  if (c.exporter.simulator.enabled && c.platform !== "docker") p.push([["exporter", "simulator", "enabled"], true, "false on the kubernetes platform (the simulator is a local stand-in for a GPU server)"]);
  return p;
}

function componentProblems(c: StackConfig): Problem[] {
  const p: Problem[] = [];
  const { grafana, logging, tracing } = c;
  if (grafana.enabled && grafana.mode === "external" && grafana.url === undefined) {
    p.push([["grafana", "url"], undefined, "the URL of the existing Grafana when grafana.mode is external"]);
  }
  if (tracing.enabled && tracing.backend === "elasticsearch" && !logging.enabled) {
    p.push([["tracing", "backend"], tracing.backend, "memory or badger unless logging.enabled (elasticsearch storage is the logging cluster)"]);
  }
  // memory and badger keep spans inside one process: a second replica would answer queries with half the traces.
  if (tracing.replicas > 1 && tracing.backend !== "elasticsearch") {
    p.push([["tracing", "replicas"], tracing.replicas, `1 with the ${tracing.backend} backend (more need elasticsearch)`]);
  }
  if (c.gpu.enabled && c.platform === "docker") {
    p.push([["gpu", "enabled"], true, "false on the docker platform (the DCGM exporter runs as a DaemonSet on Kubernetes GPU nodes; the exporter's own nvidia-smi collector covers a local GPU)"]);
  }
  if (logging.fluentd.chunkLimitMb * 2 > logging.fluentd.totalLimitMb) {
    p.push([["logging", "fluentd", "chunkLimitMb"], logging.fluentd.chunkLimitMb, `at most half of logging.fluentd.totalLimitMb (${logging.fluentd.totalLimitMb}) so the buffer holds two chunks`]);
  }
  return p;
}

/** Rules that span fields, which a per-field schema cannot express. Returns one line per problem. */
export function crossFieldProblems(c: StackConfig): string[] {
  return [...platformProblems(c), ...prometheusProblems(c), ...alertmanagerProblems(c), ...thresholdProblems(c), ...exporterProblems(c), ...componentProblems(c)]
    .map(([path, value, allowed]) => problemLine(path, value, allowed));
}
