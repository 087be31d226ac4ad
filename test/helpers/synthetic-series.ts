import type { MetricDef } from "../../catalog";

/**
 * Synthetic samples for metrics whose source cannot run on this machine (the seeds' applications, DCGM, node and
 * PostgreSQL exporters, an Ollama backend), generated from the catalog so that every family a dashboard reads
 * has series, with label values the dashboards' variables can select. Written as OpenMetrics for
 * `promtool tsdb create-blocks-from openmetrics`.
 */

/** Label values for the labels the dashboards filter or group on; any other label gets one value. */
const VALUES: Record<string, readonly string[]> = {
  model: ["qwen", "mistral", "llama"],
  model_id: ["qwen", "mistral"],
  mode: ["fast", "balanced", "creative"],
  status: ["success", "error"],
  authorized: ["true", "false"],
  memory_type: ["ram", "vram"],
  error_type: ["timeout", "oom", "inference_error"],
  specialist_type: ["code", "math"],
  guardian_type: ["safety"],
  issue_type: ["hallucination"],
  severity: ["high"],
  mountpoint: ["/"],
  gpu: ["0"],
};

/** Label values a metric needs where the shared ones would not do (node CPU modes, pending suggestions). */
const METRIC_VALUES: Record<string, Record<string, readonly string[]>> = {
  node_cpu_seconds_total: { mode: ["idle", "user"] },
  improvement_suggestions: { status: ["pending", "applied"] },
};

/** Per-metric gauge levels where the generic one would be nonsense (a total below its used part). */
const LEVELS: Record<string, number> = {
  node_memory_MemTotal_bytes: 16e9,
  node_memory_MemAvailable_bytes: 6e9,
  node_filesystem_size_bytes: 100e9,
  node_filesystem_avail_bytes: 35e9,
  pg_settings_max_connections: 100,
  pg_stat_database_numbackends: 42,
  DCGM_FI_DEV_FB_USED: 30_000,
  DCGM_FI_DEV_FB_FREE: 50_000,
  nvidia_smi_memory_total_bytes: 80e9,
  nvidia_smi_memory_used_bytes: 30e9,
  nvidia_smi_utilization_gpu_ratio: 0.6,
  llm_model_loaded: 1,
  improvement_suggestions: 12,
};

function labelSets(def: MetricDef): Record<string, string>[] {
  let sets: Record<string, string>[] = [{}];
  for (const label of def.labels) {
    const values = def.labelValues?.[label] ?? METRIC_VALUES[def.name]?.[label] ?? VALUES[label] ?? [`${label}-1`];
    sets = sets.flatMap((s) => values.map((v) => ({ ...s, [label]: v })));
  }
  // Series from a scrape carry job and instance; rules group by instance.
  return sets.map((s) => ({ job: "synthetic", instance: s.instance ?? "synthetic:9100", ...s }));
}

const text = (labels: Record<string, string>) =>
  `{${Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;

/** A gauge's value at step `i` of `n`: level-based, timestamps as "a while ago", the model-loaded flag dipping once. */
function gaugeValue(def: MetricDef, i: number, n: number, nowS: number): number {
  if (def.name.endsWith("_timestamp_seconds")) return nowS - 3600;
  // A model reload: unloaded for two steps in the middle of the window (the ensemble dashboard's annotation).
  if (def.name === "llm_model_loaded" && i >= n / 2 && i < n / 2 + 2) return 0;
  const level = LEVELS[def.name] ?? (def.unit === "ratio" ? 0.5 : 50);
  return level * (1 + 0.05 * Math.sin(i / 3));
}

/**
 * OpenMetrics text with one sample every `stepS` seconds from `fromS` to `toS` (unix seconds) for each metric's
 * label combinations: counters grow, gauges wobble around a level, histograms fill every bucket.
 */
export function syntheticOpenMetrics(defs: readonly MetricDef[], fromS: number, toS: number, stepS: number): string {
  const steps = Math.floor((toS - fromS) / stepS) + 1;
  const out: string[] = [];
  for (const def of defs) {
    const family = def.type === "counter" ? def.name.replace(/_total$/, "") : def.name;
    out.push(`# TYPE ${family} ${def.type}`);
    labelSets(def).forEach((labels, series) => {
      for (let i = 0; i < steps; i++) {
        const ts = fromS + i * stepS;
        const perStep = 1 + series;
        if (def.type === "gauge") out.push(`${def.name}${text(labels)} ${gaugeValue(def, i, steps, toS)} ${ts}`);
        else if (def.type === "counter") out.push(`${def.name}${text(labels)} ${perStep * (i + 1)} ${ts}`);
        else {
          // Each step adds `buckets.length` observations, one into each bucket: cumulative counts 1, 2, ... per step.
          const bounds = def.buckets ?? [];
          bounds.forEach((b, k) => out.push(`${def.name}_bucket${text({ ...labels, le: String(b) })} ${(k + 1) * (i + 1)} ${ts}`));
          out.push(`${def.name}_bucket${text({ ...labels, le: "+Inf" })} ${bounds.length * (i + 1)} ${ts}`);
          out.push(`${def.name}_sum${text(labels)} ${bounds.reduce((a, b) => a + b, 0) * (i + 1)} ${ts}`);
          out.push(`${def.name}_count${text(labels)} ${bounds.length * (i + 1)} ${ts}`);
        }
      }
    });
  }
  out.push("# EOF");
  return `${out.join("\n")}\n`;
}
