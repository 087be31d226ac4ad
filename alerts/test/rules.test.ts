import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { findMetric } from "../../catalog";
import { ConfigError, ENVIRONMENTS, environmentDefaults } from "../../config";
import {
  QUANTILES, RECORDED, durationQuantile, isAlert, knownAlertNames, prometheusRuleSpecs, ruleFiles, ruleGroups, sloErrorRatio, ttftQuantile,
} from "..";
import { dcgmMappingRules } from "../recording/gpu";
import { filesFor } from "./rule-deps";
import { VARIANTS, configFor } from "./configs";
import { parsePromql } from "./promql-parse";

interface RenderedRule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rendered = (config = VARIANTS.default()): RenderedRule[] =>
  Object.values(ruleFiles(config)).flatMap((text) => (parse(text) as { groups: { rules: RenderedRule[] }[] }).groups.flatMap((g) => g.rules));

/** Every alert named in SPEC section 3 (seed 000 LLM + SIEM, 001, 002, 003), by the name it has here. */
const SPEC_ALERTS = [
  "HighFirstTokenLatency", "CriticalFirstTokenLatency", "HighErrorRate", "CriticalErrorRate", "GPUMemoryHigh", "GPUMemoryCritical",
  "GPUTemperatureHigh", "GPUTemperatureCritical", "LowThroughput", "HighQueueLength", "NoInferenceRequests",
  "BruteForceAttackDetected", "PrivilegeEscalationDetected", "UnauthorizedDataExport", "AuditLogTamperingAttempt",
  "GDPRDataRetentionViolation", "SOC2AuditLogGapDetected", "EncryptionKeyRotationOverdue", "BackupFailure",
  "HighHTTPErrorRate", "CircuitBreakerOpen", "HighLLMLatency", "LowMemoryEntries",
  "HighEnsembleErrorRate", "HighLatency", "ModelNotLoaded",
  "HighSpecialistErrorRate", "LowQualityScore", "HighResponseTime", "HighGPUUtilization", "HighMemoryUsage",
  "GuardianEvaluationFailure", "ImprovementBacklog", "DatabaseConnectionLimit", "SlowQueries",
];

const SEED_RECORDS = [
  "llm:inference_rate:1m", "llm:success_rate:5m", "node:cpu_utilization:rate5m", "node:memory_utilization:ratio", "node:disk_utilization:ratio",
  "gpu:utilization:avg5m", "gpu:memory_utilization:ratio", "network:throughput:rate5m", "postgresql:connections:utilization", "postgresql:query_duration:p95",
];

describe("rule groups", () => {
  it("render every SPEC alert and seed recording rule", () => {
    const rules = rendered();
    const alerts = new Set(rules.map((r) => r.alert));
    assert.deepEqual(SPEC_ALERTS.filter((a) => !alerts.has(a)), []);
    const records = new Set(rules.map((r) => r.record));
    assert.deepEqual(SEED_RECORDS.filter((r) => !records.has(r)), []);
  });

  it("alert names are unique", () => {
    const names = knownAlertNames(VARIANTS.default());
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  });

  it("every alert has severity, service, signal, summary, description and runbook_url = <base>#<name lowercased>", () => {
    const config = VARIANTS.default();
    for (const r of rendered(config).filter((x) => x.alert)) {
      assert.match(r.labels?.severity ?? "", /^(critical|warning|info)$/, r.alert);
      assert.ok(r.labels?.service && r.labels.signal, r.alert);
      assert.ok(r.annotations?.summary && r.annotations.description, r.alert);
      assert.equal(r.annotations?.runbook_url, `${config.alerts.runbookBaseUrl}#${r.alert!.toLowerCase()}`);
    }
  });

  it("every exported recorded name is recorded by a rule", () => {
    const records = new Set(rendered().map((r) => r.record));
    const exported = [...Object.values(RECORDED), ...QUANTILES.flatMap((q) => [ttftQuantile(q), durationQuantile(q)]), sloErrorRatio("1h")];
    assert.deepEqual(exported.filter((n) => !records.has(n)), []);
  });

  it("an alert's rule files include the files recording what it reads, recording files first", () => {
    const groups = ruleGroups(VARIANTS.default());
    assert.deepEqual(filesFor(groups, "RequestRateAnomaly"), ["llm-recording.yml", "anomaly.yml"]);
    assert.deepEqual(filesFor(groups, "BackupFailure"), ["siem-alerts.yml"]);
  });

  it("recorded names follow level:metric:operations, except DCGM translated into the catalog's own GPU gauges", () => {
    const translated = new Set(dcgmMappingRules().filter((r) => !r.record.includes(":")).map((r) => r.record));
    assert.deepEqual([...translated].sort(), ["llm_gpu_memory_total_mb", "llm_gpu_memory_used_mb", "llm_gpu_temperature_celsius", "llm_gpu_utilization_pct"]);
    for (const r of rendered().filter((x) => x.record)) {
      if (translated.has(r.record!)) assert.equal(r.labels?.source, "dcgm", `${r.record} is only ever recorded from DCGM, labelled source=dcgm`);
      else assert.match(r.record!, /^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/, r.record);
    }
  });

  for (const variant of Object.keys(VARIANTS) as (keyof typeof VARIANTS)[]) it(`${variant} config: every expression parses as PromQL and names only catalog metrics or series recorded in the stack`, () => {
    const rules = rendered(VARIANTS[variant]());
    const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
    const problems = rules.flatMap((r) => {
      const parsed = parsePromql(r.expr);
      const unknown = parsed.metrics.filter((m) => !findMetric(m) && !recorded.has(m));
      return [...parsed.errors.map((e) => `${r.alert ?? r.record}: syntax ${e}`), ...unknown.map((m) => `${r.alert ?? r.record}: unknown metric ${m}`)];
    });
    assert.deepEqual(problems, []);
  });

  it("the name check can fail: a retyped metric name is caught", () => {
    const parsed = parsePromql('rate(llm_inference_request_total[5m]) > 0 and rate(x[5m)');
    assert.ok(parsed.errors.length > 0);
    assert.equal(findMetric(parsed.metrics[0]!), undefined);
  });

  it("PrometheusRule specs hold exactly what the rule files hold", () => {
    const config = VARIANTS.overrides();
    const files = ruleFiles(config);
    const specs = prometheusRuleSpecs(config);
    assert.deepEqual(Object.keys(specs), Object.keys(files));
    for (const [file, text] of Object.entries(files)) assert.deepEqual(specs[file], parse(text));
  });

  it("output is deterministic", () => {
    assert.deepEqual(ruleFiles(VARIANTS.overrides()), ruleFiles(VARIANTS.overrides()));
  });

  it("config.alerts.disabled removes exactly the named alerts", () => {
    const names = new Set(rendered(VARIANTS.overrides()).map((r) => r.alert));
    assert.equal(names.has("LowMemoryEntries"), false);
    assert.equal(names.has("ImprovementBacklog"), false);
    assert.equal(names.has("HighErrorRate"), true);
  });

  it("the exporter's own alerts render only for a stack that runs the exporter", () => {
    const exporterAlerts = ["LLMExporterDown", "LLMExporterInstanceDown", "LLMUpstreamUnreachable", "LLMExporterEventLoopLag"];
    const names = (config: ReturnType<typeof environmentDefaults>) => new Set(rendered(config).map((r) => r.alert));
    const withExporter = names(environmentDefaults("dev"));
    assert.deepEqual(exporterAlerts.filter((a) => withExporter.has(a)), exporterAlerts);
    const without = names({ ...environmentDefaults("dev"), exporter: { ...environmentDefaults("dev").exporter, enabled: false } });
    assert.deepEqual(exporterAlerts.filter((a) => without.has(a)), []);
    assert.ok(without.has("HighErrorRate"), "the other LLM alerts stay");
  });

  it("groups reading long windows of every model run at prometheus.windowedRulesInterval, day-long baselines at their own, the rest at the evaluation interval", () => {
    const windowed = ["llm-latency-recording", "compliance-alerts", "slo-recording", "slo-alerts", "anomaly-recording"];
    const baselines = ["llm-baseline", "anomaly-baseline"];
    for (const environment of ENVIRONMENTS) {
      const config = environmentDefaults(environment);
      const own = config.prometheus.windowedRulesInterval === config.prometheus.evaluationInterval ? undefined : config.prometheus.windowedRulesInterval;
      for (const doc of Object.values(prometheusRuleSpecs(config))) {
        for (const g of doc.groups) {
          const expected = windowed.includes(g.name) ? own : baselines.includes(g.name) ? "2m" : undefined;
          assert.equal(g.interval, expected, `${environment}: ${g.name}`);
        }
      }
    }
    // Prod runs them once a minute; the local demo at its 5 s evaluation interval, so no group there has its own.
    assert.equal(environmentDefaults("prod").prometheus.windowedRulesInterval, "1m");
    assert.equal(environmentDefaults("local").prometheus.windowedRulesInterval, "5s");
  });

  it("each latency quantile is recorded in the group that records its bucket rate, after it", () => {
    const group = ruleGroups(environmentDefaults("prod")).find((g) => g.name === "llm-latency-recording")!;
    const records = group.rules.map((r) => (isAlert(r) ? r.alert : r.record));
    for (const q of QUANTILES) {
      for (const [quantile, buckets] of [[ttftQuantile(q), "llm:llm_first_token_latency_ms_bucket:rate5m"], [durationQuantile(q), "llm:llm_inference_duration_ms_bucket:rate5m"]] as const) {
        assert.ok(records.indexOf(buckets) >= 0 && records.indexOf(buckets) < records.indexOf(quantile), `${quantile} after ${buckets}`);
      }
    }
  });

  it("disabling every alert of a group drops the empty group", () => {
    const siem = ruleGroups(VARIANTS.default()).filter((g) => g.file === "siem-alerts.yml").flatMap((g) => g.rules.filter(isAlert).map((r) => r.alert));
    const config = configFor("dev", { disabled: siem });
    assert.equal(ruleGroups(config).some((g) => g.name === "siem-alerts" || g.name === "compliance-alerts"), false);
    assert.equal("siem-alerts.yml" in ruleFiles(config), false);
  });

  it("an unknown name in alerts.disabled is a ConfigError naming the key, the value and the allowed names", () => {
    const config = { ...environmentDefaults("dev"), alerts: { ...environmentDefaults("dev").alerts, disabled: ["HighErorRate"] } };
    assert.throws(() => ruleGroups(config), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /llmobs:alerts\.disabled = "HighErorRate": expected an alert name, one of .*HighErrorRate/);
      return true;
    });
  });

  it("per-model overrides render one branch per model and a default that excludes them", () => {
    const expr = rendered(VARIANTS.overrides()).find((r) => r.alert === "HighFirstTokenLatency")!.expr;
    assert.equal(expr, [
      'llm:ttft_seconds:p95_5m{model_id="llama-70b"} > 0.5',
      "or",
      'llm:ttft_seconds:p95_5m{model_id="mistral.7b"} > 0.05',
      "or",
      'llm:ttft_seconds:p95_5m{model_id!~"llama-70b|mistral\\\\.7b"} > 0.1',
    ].join("\n"));
  });

  it("GPU memory warning watches KV-cache preemptions when the backend preallocates", () => {
    const expr = (config = VARIANTS.default()) => rendered(config).find((r) => r.alert === "GPUMemoryHigh")!.expr;
    assert.equal(expr(), "gpu:memory_utilization:ratio > 0.85");
    assert.equal(expr(VARIANTS.preallocated()), "rate(llm_scheduler_preemptions_total[5m]) > 0");
  });
});
