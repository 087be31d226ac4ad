// Every policy, one compliant and at least one violating case, over synthetic resources shaped like the ones
// the components (and the components other issues are adding) declare.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Policies } from "@pulumi/policy";
import { check, configMap, container, dockerContainer, workload } from "../test/helpers/policy-resources";
import type { RecordedResource } from "./local-engine";
import { auditLogRetention, elasticsearchRetentionPolicy, jaegerRetention, prometheusRetention } from "./retention";
import { exporterModelCap, scrapeLimits, unboundedLabels } from "./cardinality";
import { alertAnnotations, containerResources, grafanaSecurity, haAndStorage, pinnedImageTags } from "./guardrails";
import { noPlaintextSecrets } from "./secrets";
import prodConfig from "./config/prod.json";

interface Case {
  name: string;
  resources: RecordedResource[];
  /** Regexes every violation message must match, one per expected violation, in order; empty: compliant. */
  expect: RegExp[];
}

function run(policy: Policies[number], cases: Case[]): void {
  for (const c of cases) {
    test(`${policy.name}: ${c.name}`, async () => {
      const file = { all: "mandatory", ...(policy.name in prodConfig ? { [policy.name]: (prodConfig as Record<string, unknown>)[policy.name] } : {}) };
      const got = await check([policy], c.resources, file);
      assert.equal(got.length, c.expect.length, `expected ${c.expect.length} violation(s), got:\n${got.map((v) => v.message).join("\n")}`);
      got.forEach((v, i) => {
        assert.equal(v.policy, policy.name);
        assert.equal(v.level, "mandatory");
        assert.match(v.message, c.expect[i]!);
        assert.match(v.message, / Fix: /, "every message says how to fix it");
      });
    });
  }
}

const prom = (args: string[], storage = "200Gi") =>
  workload("StatefulSet", "prometheus", [container({ name: "prometheus", image: "prom/prometheus:v2.55.1", args, volumeMounts: [{ name: "data", mountPath: "/prometheus" }] })], {
    spec: { replicas: 2, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { resources: { requests: { storage } } } }] },
  });
const flags = (time?: string, size?: string) => ["--storage.tsdb.path=/prometheus", ...(time ? [`--storage.tsdb.retention.time=${time}`] : []), ...(size ? [`--storage.tsdb.retention.size=${size}`] : [])];

// Prod bounds: 15d to 90d, size at most 90% of the volume.
run(prometheusRetention, [
  { name: "30d / 180GB on a 200Gi volume passes", resources: [prom(flags("30d", "180GB"))], expect: [] },
  { name: "time unset", resources: [prom(flags(undefined, "180GB"))], expect: [/StatefulSet prometheus: spec\.template\.spec\.containers\[0\]\.args --storage\.tsdb\.retention\.time = \(not set\): retention time not set/] },
  { name: "time above the bound", resources: [prom(flags("400d", "180GB"))], expect: [/retention\.time = "400d": outside this environment's bounds of 15d to 90d\. Fix: set llmobs:prometheus\.retentionTime/] },
  { name: "time below the bound, in hours", resources: [prom(flags("48h", "180GB"))], expect: [/"48h": outside/] },
  { name: "size unset", resources: [prom(flags("30d"))], expect: [/retention\.size = \(not set\)/] },
  { name: "size above 90% of the volume", resources: [prom(flags("30d", "195GB"))], expect: [/"195GB": above 90% of the 200 GiB data volume .*Fix: lower llmobs:prometheus\.retentionSizeGb to at most 180/] },
  { name: "Docker container command read too", resources: [dockerContainer("prometheus", { image: "prom/prometheus:v2.55.1", command: flags("2d", "5GB") })], expect: [/Docker container llmobs-prometheus: command --storage\.tsdb\.retention\.time = "2d": outside/] },
]);

const exporterEnv = (data: Record<string, string>) => configMap("llm-exporter-env", { LLMOBS_PORT: "9464", ...data });
run(auditLogRetention, [
  { name: "90 days passes in prod", resources: [exporterEnv({ AUDIT_ENABLED: "true", AUDIT_RETENTION_DAYS: "90" })], expect: [] },
  { name: "7 days is below prod's 90", resources: [exporterEnv({ AUDIT_ENABLED: "true", AUDIT_RETENTION_DAYS: "7" })], expect: [/ConfigMap llm-exporter-env: data\["AUDIT_RETENTION_DAYS"\] = "7": expected whole days from 90 to 400/] },
  { name: "audit log off", resources: [exporterEnv({})], expect: [/data\["AUDIT_ENABLED"\] = \(not set\): the audit log is off/] },
  { name: "retention unset", resources: [exporterEnv({ AUDIT_ENABLED: "true" })], expect: [/AUDIT_RETENTION_DAYS"\] = \(not set\)/] },
  { name: "Docker env read too", resources: [dockerContainer("exporter", { envs: ["LLMOBS_PORT=9464", "AUDIT_ENABLED=true", "AUDIT_RETENTION_DAYS=500"] })], expect: [/envs AUDIT_RETENTION_DAYS = "500"/] },
  { name: "a container reading a ConfigMap is judged through the ConfigMap", resources: [workload("Deployment", "llm-exporter", [container({ env: [{ name: "LLMOBS_PORT", value: "1" }], envFrom: [{ configMapRef: { name: "x" } }] })])], expect: [] },
]);

const elasticsearch = workload("StatefulSet", "elasticsearch", [container({ name: "elasticsearch", image: "docker.elastic.co/elasticsearch/elasticsearch:8.15.3" })], { spec: { replicas: 3 } });
const ilm = (minAge?: string) => configMap("es-ilm", { "ilm-policy.json": JSON.stringify({ policy: { phases: { hot: { actions: {} }, ...(minAge ? { delete: { min_age: minAge, actions: { delete: {} } } } : {}) } } }) });
run(elasticsearchRetentionPolicy, [
  { name: "ILM delete after 30d passes", resources: [elasticsearch, ilm("30d")], expect: [] },
  { name: "data stream lifecycle passes", resources: [elasticsearch, configMap("es-template", { "index-template.json": JSON.stringify({ index_patterns: ["logs-*"], template: { lifecycle: { data_retention: "30d" } } }) })], expect: [] },
  { name: "no stack Elasticsearch, nothing to judge", resources: [ilm()], expect: [] },
  { name: "Elasticsearch without any lifecycle", resources: [elasticsearch], expect: [/StatefulSet elasticsearch: index lifecycle = \(not set\): Elasticsearch runs without an ILM policy/] },
  { name: "ILM applied by a Job's curl command passes", resources: [elasticsearch, { type: "kubernetes:batch/v1:Job", name: "ilm", inputs: { kind: "Job", metadata: { name: "es-ilm" }, spec: { template: { spec: { containers: [container({ image: "curlimages/curl:8.11.0", command: ["sh", "-c", `curl -XPUT http://elasticsearch:9200/_ilm/policy/logs -d '${JSON.stringify({ policy: { phases: { delete: { min_age: "30d" } } } })}'`] })] } } } } }], expect: [] },
  { name: "ILM without a delete phase", resources: [elasticsearch, ilm()], expect: [/ConfigMap es-ilm: data\["ilm-policy\.json"\] policy\.phases\.delete\.min_age = \(not set\): no retention/] },
  { name: "ILM delete after a year", resources: [elasticsearch, ilm("365d")], expect: [/min_age = "365d": outside this environment's bounds of 14d to 90d/] },
]);

const jaeger = workload("Deployment", "jaeger", [container({ name: "jaeger", image: "jaegertracing/jaeger:2.1.0" })]);
const jaegerConfig = (backend: Record<string, unknown>) => configMap("jaeger-config", { "config.yaml": `extensions:\n  jaeger_storage:\n    backends:\n      traces: ${JSON.stringify(backend)}\n` });
run(jaegerRetention, [
  { name: "Badger with a 14-day TTL passes", resources: [jaeger, jaegerConfig({ badger: { ttl: { spans: "336h" } } })], expect: [] },
  { name: "Elasticsearch with ILM passes", resources: [jaeger, jaegerConfig({ elasticsearch: { use_ilm: true } }), ilm("14d")], expect: [] },
  { name: "Elasticsearch with an es-index-cleaner CronJob keeping 14 days passes", resources: [jaeger, jaegerConfig({ elasticsearch: {} }), { type: "kubernetes:batch/v1:CronJob", name: "cleaner", inputs: { kind: "CronJob", metadata: { name: "jaeger-es-index-cleaner" }, spec: { jobTemplate: { spec: { template: { spec: { containers: [container({ image: "jaegertracing/jaeger-es-index-cleaner:1.62.0", args: ["14", "http://elasticsearch:9200"] })] } } } } } } }], expect: [] },
  { name: "Badger TTL above prod's 30 days", resources: [jaeger, jaegerConfig({ badger: { ttl: { spans: "2000h" } } })], expect: [/backends\.traces\.badger\.ttl\.spans = "2000h": outside this environment's bounds of 7d to 30d/] },
  { name: "unbounded memory store", resources: [jaeger, jaegerConfig({ memory: {} })], expect: [/memory\.max_traces = \(not set\): the memory store must be bounded/] },
  { name: "Elasticsearch without ILM", resources: [jaeger, jaegerConfig({ elasticsearch: { server_urls: ["http://elasticsearch:9200"] } })], expect: [/elasticsearch\.use_ilm = \(not set\): trace indices have no retention/] },
  { name: "Jaeger without a storage config", resources: [jaeger], expect: [/Deployment jaeger: extensions\.jaeger_storage = \(not set\)/] },
]);

const promConfig = (job: string) => configMap("prometheus-config", { "prometheus.yml": `global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: llm-exporter\n${job}` });
run(scrapeLimits, [
  { name: "both limits set passes", resources: [promConfig("    sample_limit: 50000\n    label_limit: 30\n")], expect: [] },
  { name: "a job without limits", resources: [promConfig("    static_configs: [{ targets: [a:1] }]\n")], expect: [/ConfigMap prometheus-config: data\["prometheus\.yml"\] scrape_configs\[job_name=llm-exporter\]\.sample_limit = \(not set\)/, /label_limit = \(not set\)/] },
  { name: "a limit above the bound", resources: [promConfig("    sample_limit: 5000000\n    label_limit: 30\n")], expect: [/sample_limit = 5000000: outside 1 to 200000/] },
  { name: "Docker upload read too", resources: [dockerContainer("prometheus", { uploads: [{ file: "/etc/prometheus/prometheus.yml", content: "scrape_configs:\n  - job_name: x\n    label_limit: 30\n" }] })], expect: [/uploads\[\/etc\/prometheus\/prometheus\.yml\] scrape_configs\[job_name=x\]\.sample_limit/] },
]);

run(exporterModelCap, [
  { name: "100 passes", resources: [exporterEnv({ LLMOBS_MAX_MODEL_IDS: "100" })], expect: [] },
  { name: "unset is the exporter's default of 100", resources: [exporterEnv({})], expect: [] },
  { name: "101 is above the cap", resources: [exporterEnv({ LLMOBS_MAX_MODEL_IDS: "101" })], expect: [/data\["LLMOBS_MAX_MODEL_IDS"\] = "101": the model_id label must be capped at 1 to 100/] },
]);

const rules = (expr: string, labels = "") => configMap("prometheus-rules", { "llm.yml": `groups:\n  - name: llm\n    rules:\n      - record: llm:x\n        expr: ${JSON.stringify(expr)}\n${labels}` });
const dashboard = (expr: string, variable = "label_values(llm_inference_requests_total, model_id)") =>
  JSON.stringify({ uid: "llm", panels: [{ type: "row", title: "Latency", panels: [{ title: "TTFT", targets: [{ refId: "A", expr }] }] }], templating: { list: [{ name: "model", type: "query", query: { query: variable } }] } });
run(unboundedLabels, [
  { name: "rules, relabelling and dashboards on bounded labels pass", resources: [
    rules("sum by (model_id) (rate(llm_inference_requests_total[5m]))"),
    promConfig("    metric_relabel_configs:\n      - action: labeldrop\n        regex: request_id\n"),
    configMap("grafana-dashboards", { "llm.json": dashboard('histogram_quantile(0.95, sum by (le, model_id) (rate(llm_first_token_latency_ms_bucket{model_id=~"$model"}[$__rate_interval])))') }),
  ], expect: [] },
  { name: "a recording rule grouping by request_id", resources: [rules("sum by (model_id, request_id) (rate(x[5m]))")], expect: [/groups\[llm\]\.rules\[record=llm:x\]\.expr = "sum by \(model_id, request_id\) \(rate\(x\[5m\]\)\)": groups by the unbounded label request_id/] },
  { name: "label_replace copying trace_id", resources: [rules('label_replace(up, "trace", "$1", "trace_id", "(.*)")')], expect: [/copies or creates with label_replace the unbounded label trace_id/] },
  { name: "without(session_id) means the series carry it", resources: [rules("sum without (session_id) (x)")], expect: [/aggregates without the unbounded label session_id\. Fix: drop the label at scrape time/] },
  { name: "a rule label named user_id", resources: [rules("x", "        labels:\n          user_id: abc\n")], expect: [/rules\[record=llm:x\]\.labels\.user_id = "abc"/] },
  { name: "relabelling onto an unbounded label", resources: [promConfig("    relabel_configs:\n      - source_labels: [__meta_x]\n        target_label: path\n")], expect: [/relabel_configs\[0\]\.target_label = "path": relabelling writes the unbounded label path/] },
  { name: "a dashboard panel grouping by user_id", resources: [configMap("grafana-dashboards", { "llm.json": dashboard("sum by (user_id) (rate(x[$__rate_interval]))") })], expect: [/data\["llm\.json"\] panels\["Latency"\]\.panels\["TTFT"\]\.targets\[A\]\.expr = .*groups by the unbounded label user_id/] },
  { name: "a dashboard variable listing every request_id", resources: [configMap("grafana-dashboards", { "llm.json": dashboard("x", "label_values(llm_inference_requests_total, request_id)") })], expect: [/templating\[model\]\.query = .*lists every value of the unbounded label request_id/] },
  { name: "an external Grafana dashboard (@pulumiverse/grafana)", resources: [{ type: "grafana:oss/dashboard:Dashboard", name: "llm", inputs: { configJson: dashboard("topk(5, sum by (prompt) (x))") } }], expect: [/Dashboard llm: configJson .*unbounded label prompt/] },
  { name: "a Grafana-managed rule grouping by trace_id", resources: [{ type: "grafana:alerting/ruleGroup:RuleGroup", name: "llm", inputs: { rules: [{ name: "Slow", datas: [{ refId: "A", model: JSON.stringify({ expr: "max by (trace_id) (x)" }) }] }] } }], expect: [/RuleGroup llm: rules\[Slow\]\.datas\[A\]\.model\.expr = "max by \(trace_id\) \(x\)": groups by the unbounded label trace_id/] },
  { name: "an exporter setting adding user_id", resources: [exporterEnv({ LLMOBS_EXTRA_LABELS: "team,user_id" })], expect: [/data\["LLMOBS_EXTRA_LABELS"\] = "team,user_id": adds the unbounded label user_id/] },
]);

run(pinnedImageTags, [
  { name: "an exact tag and a digest pass", resources: [workload("Deployment", "a", [container({ image: "prom/prometheus:v2.55.1" }), container({ image: `quay.io/x/y@sha256:${"a".repeat(64)}` })])], expect: [] },
  { name: "latest", resources: [workload("Deployment", "a", [container({ image: "prom/prometheus:latest" })])], expect: [/Deployment a: spec\.template\.spec\.containers\[0\]\.image = "prom\/prometheus:latest": the tag latest moves/] },
  { name: "no tag (a registry port is not a tag)", resources: [workload("Deployment", "a", [container({ image: "registry:5000/team/app" })])], expect: [/"registry:5000\/team\/app": no tag/] },
  { name: "init containers and Docker containers too", resources: [workload("Deployment", "a", [container()], { pod: { initContainers: [container({ image: "busybox" })] } }), dockerContainer("b", { image: "grafana/grafana:main" })], expect: [/initContainers\[0\]\.image = "busybox"/, /Docker container llmobs-b: image = "grafana\/grafana:main"/] },
]);

run(containerResources, [
  { name: "requests and limits pass", resources: [workload("Deployment", "a", [container()]), dockerContainer("b")], expect: [] },
  { name: "no limits", resources: [workload("Deployment", "a", [container({ resources: { requests: { cpu: "1", memory: "1Gi" } } })])], expect: [/containers\[0\]\.resources\.limits\.cpu = \(not set\): container main has no cpu limit/, /limits\.memory/] },
  { name: "a Docker container without a memory limit", resources: [dockerContainer("b", { memory: undefined })], expect: [/Docker container llmobs-b: memory = \(not set\)/] },
]);

const replicated = (name: string, replicas: number, storage: boolean) =>
  workload("StatefulSet", name, [container()], { spec: { replicas, ...(storage ? { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: {} }] } : {}) } });
run(haAndStorage, [
  { name: "prod's replica counts on persistent volumes pass", resources: [replicated("prometheus", 2, true), replicated("alertmanager", 3, true)], expect: [] },
  { name: "one Prometheus in prod", resources: [replicated("prometheus", 1, true)], expect: [/StatefulSet prometheus: spec\.replicas = 1: prometheus needs at least 2 replicas/] },
  { name: "Alertmanager on ephemeral storage", resources: [replicated("alertmanager", 3, false)], expect: [/StatefulSet alertmanager: spec\.volumeClaimTemplates = \(not set\): alertmanager keeps its data on ephemeral storage/] },
]);

const alertRule = (extra: string) => configMap("prometheus-rules", { "a.yml": `groups:\n  - name: g\n    rules:\n      - alert: HighErrorRate\n        expr: x > 1\n${extra}` });
const complete = "        labels:\n          severity: critical\n        annotations:\n          summary: s\n          runbook_url: https://example.com/runbooks#higherrorrate\n";
run(alertAnnotations, [
  { name: "severity, summary and runbook_url pass", resources: [alertRule(complete)], expect: [] },
  { name: "a bare alert", resources: [alertRule("")], expect: [/rules\[alert=HighErrorRate\]\.labels\.severity = \(not set\)/, /annotations\.summary = \(not set\)/, /annotations\.runbook_url = \(not set\)/] },
  { name: "a Grafana rule group without a runbook", resources: [{ type: "grafana:alerting/ruleGroup:RuleGroup", name: "llm", inputs: { rules: [{ name: "rec", record: { metric: "x", from: "A" } }, { name: "TTFT", labels: { severity: "warning" }, annotations: { summary: "s" } }] } }], expect: [/RuleGroup llm: rules\[TTFT\]\.annotations\.runbook_url = \(not set\)/] },
]);

const grafana = (env: unknown[]) => workload("Deployment", "grafana", [container({ name: "grafana", image: "grafana/grafana:11.3.0", env })]);
run(grafanaSecurity, [
  { name: "password from a Secret, anonymous off", resources: [grafana([{ name: "GF_SECURITY_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "grafana", key: "password" } } }, { name: "GF_AUTH_ANONYMOUS_ENABLED", value: "false" }])], expect: [] },
  { name: "a literal password and anonymous access", resources: [grafana([{ name: "GF_SECURITY_ADMIN_PASSWORD", value: "admin" }, { name: "GF_AUTH_ANONYMOUS_ENABLED", value: "true" }])], expect: [/GF_SECURITY_ADMIN_PASSWORD = "\[literal\]": the admin password is a literal value/, /GF_AUTH_ANONYMOUS_ENABLED = "true": anonymous users/] },
  { name: "Docker: the password as a Pulumi secret in env passes", resources: [dockerContainer("grafana", { image: "grafana/grafana:11.3.0", envs: ["GF_SECURITY_ADMIN_PASSWORD=[secret]"] })], expect: [] },
  { name: "no password at all", resources: [grafana([])], expect: [/no admin password: Grafana starts with admin\/admin/] },
  { name: "anonymous access in grafana.ini", resources: [configMap("grafana-ini", { "grafana.ini": "[auth.anonymous]\nenabled = true\n" })], expect: [/\[auth\.anonymous\] enabled = "true"/] },
]);

run(noPlaintextSecrets, [
  { name: "credentials as file references and Secret refs pass", resources: [
    configMap("alertmanager", { "alertmanager.yml": "receivers:\n  - name: slack\n    slack_configs:\n      - api_url_file: /etc/alertmanager/secrets/slack\nglobal:\n  smtp_auth_username: am\n" }),
    configMap("exporter-env", { LLMOBS_MAX_MODEL_IDS: "100", OPENAI_MAX_TOKENS: "512" }),
    workload("Deployment", "x", [container({ env: [{ name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "x", key: "t" } } }] })]),
    { type: "kubernetes:core/v1:Secret", name: "s", inputs: { kind: "Secret", metadata: { name: "s" }, stringData: { password: "hunter2" } } },
    dockerContainer("exporter", { envs: ["LLMOBS_API_TOKEN=[secret]"] }),
    configMap("grafana-datasources", { "datasources.yaml": "datasources:\n  - name: Elasticsearch\n    basicAuthUser: elastic\n    secureJsonData:\n      basicAuthPassword: $ELASTIC_PASSWORD\n" }),
  ], expect: [] },
  { name: "a password in a ConfigMap", resources: [configMap("app", { DB_PASSWORD: "hunter2" })], expect: [/ConfigMap app: data\["DB_PASSWORD"\] = "\[redacted\]": the key DB_PASSWORD names a credential/] },
  { name: "a Slack webhook inside alertmanager.yml", resources: [configMap("alertmanager", { "alertmanager.yml": "receivers:\n  - name: slack\n    slack_configs:\n      - api_url: https://hooks.slack.com/services/T000/B000/XXXXXXXX\n" })], expect: [/receivers\.0\.slack_configs\.0\.api_url = "\[redacted\]": the value is a Slack webhook URL/] },
  { name: "a Pulumi secret put into a ConfigMap", resources: [configMap("app", { "settings.json": "[secret]" })], expect: [/the content holds a Pulumi secret/] },
  { name: "a token as a literal env value", resources: [workload("Deployment", "x", [container({ env: [{ name: "LLMOBS_API_TOKEN", value: "abc" }] })])], expect: [/env LLMOBS_API_TOKEN = "\[redacted\]": LLMOBS_API_TOKEN is a credential given as a literal value\. Fix: use valueFrom\.secretKeyRef/] },
  { name: "a private key in a Docker config upload", resources: [dockerContainer("x", { uploads: [{ file: "/etc/x/tls.yml", content: "key: |\n  -----BEGIN RSA PRIVATE KEY-----\n", permissions: "0644" }] })], expect: [/uploads\[\/etc\/x\/tls\.yml\] key = "\[redacted\]": the value is a private key/] },
]);
