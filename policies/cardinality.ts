// Label cardinality: every scrape is bounded, the exporter's model label is capped, and no rule, relabelling,
// dashboard or exporter setting keeps an unbounded label (found by parsing PromQL, not by matching text).
import type { PolicyConfigSchema, ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { settings } from "./lib/config";
import { isObject, jsonDocument, yamlDocuments } from "./lib/documents";
import { UNBOUNDED_LABELS } from "./lib/labels";
import { message } from "./lib/message";
import { grafanaQueryUses, labelUses, type LabelUse, type ParsedQuery } from "./lib/promql";
import { configFiles, exporterSettings, GRAFANA_RULE_GROUPS, type ConfigFile, type ResourceView } from "./lib/resources";

const scrapeSchema = {
  properties: {
    maxSampleLimit: { type: "integer", minimum: 1, default: 200000, description: "Largest sample_limit a scrape job may set." },
    maxLabelLimit: { type: "integer", minimum: 1, default: 64, description: "Largest label_limit a scrape job may set." },
  },
} satisfies PolicyConfigSchema;
interface ScrapeSettings { maxSampleLimit: number; maxLabelLimit: number }

/** Every Prometheus config (a document with `scrape_configs`) in a resource's files. */
function prometheusConfigs(r: ResourceView): Array<{ file: ConfigFile; doc: Record<string, any> }> {
  return configFiles(r).flatMap((file) => yamlDocuments(file).filter((d): d is Record<string, any> => isObject(d) && Array.isArray(d.scrape_configs)).map((doc) => ({ file, doc })));
}

export const scrapeLimits: ResourceValidationPolicy = {
  name: "scrape-limits",
  description: "Every scrape job of every prometheus.yml sets sample_limit and label_limit, inside the environment's bounds.",
  configSchema: scrapeSchema,
  validateResource: (args, report) => {
    const s = settings<ScrapeSettings>(scrapeSchema, args.getConfig());
    for (const { file, doc } of prometheusConfigs(args)) {
      const global = isObject(doc.global) ? doc.global : {};
      for (const job of doc.scrape_configs as Array<Record<string, any>>) {
        for (const [key, max, why] of [["sample_limit", s.maxSampleLimit, "a target that explodes its series is then refused instead of filling the TSDB"], ["label_limit", s.maxLabelLimit, "a target adding labels is then refused"]] as const) {
          const value = job[key] ?? global[key];
          const field = `${file.field} scrape_configs[job_name=${job.job_name}].${key}`;
          if (value === undefined || value === 0) report(message(args, field, value, `not set: ${why}`, `set ${key} between 1 and ${max} on the job (llmobs:prometheus scrape limits)`));
          else if (!Number.isInteger(value) || value < 1 || value > max) report(message(args, field, value, `outside 1 to ${max} in this environment`, `set ${key} between 1 and ${max}`));
        }
      }
    }
  },
};

const capSchema = {
  properties: { maxModelIds: { type: "integer", minimum: 1, maximum: 100, default: 100, description: "Largest LLMOBS_MAX_MODEL_IDS (distinct model_id values the exporter keeps)." } },
} satisfies PolicyConfigSchema;

export const exporterModelCap: ResourceValidationPolicy = {
  name: "exporter-model-cap",
  description: "The exporter's model_id cardinality cap (LLMOBS_MAX_MODEL_IDS) is at most 100.",
  configSchema: capSchema,
  validateResource: (args, report) => {
    const { maxModelIds } = settings<{ maxModelIds: number }>(capSchema, args.getConfig());
    for (const { field, values } of exporterSettings(args)) {
      const text = values.get("LLMOBS_MAX_MODEL_IDS");
      // Unset means the exporter's own default of 100.
      if (text === undefined) continue;
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1 || n > maxModelIds) {
        report(message(args, field("LLMOBS_MAX_MODEL_IDS"), text, `the model_id label must be capped at 1 to ${maxModelIds} distinct values`, `set LLMOBS_MAX_MODEL_IDS to at most ${maxModelIds}; the rest fold into model_id="other"`));
      }
    }
  },
};

const labelsSchema = {
  properties: {
    unboundedLabels: { type: "array", items: { type: "string" }, default: UNBOUNDED_LABELS, description: "Label names treated as unbounded." },
  },
} satisfies PolicyConfigSchema;

const USE_WORDS: Record<LabelUse["how"], string> = {
  by: "groups by", without: "aggregates without", on: "matches on", ignoring: "matches ignoring", group_left: "copies with group_left",
  group_right: "copies with group_right", label_replace: "copies or creates with label_replace", label_join: "copies or creates with label_join",
  label_values: "lists every value of",
};

function fixFor(how: LabelUse["how"]): string {
  // Naming the label in without/on/ignoring means the stored series carry it: the fix is at scrape time.
  return how === "without" || how === "on" || how === "ignoring"
    ? "drop the label at scrape time (metric_relabel_configs action labeldrop) so no query has to name it"
    : "aggregate it away (remove it from the label list) or use a bounded label such as model_id";
}

export const unboundedLabels: ResourceValidationPolicy = {
  name: "unbounded-labels",
  description: "No recording/alerting rule, relabelling, Grafana dashboard or exporter setting keeps an unbounded label (request, trace, user, session ids, prompts, raw paths).",
  configSchema: labelsSchema,
  validateResource: (args, report) => {
    const unbounded = new Set(settings<{ unboundedLabels: string[] }>(labelsSchema, args.getConfig()).unboundedLabels);
    const judge = (field: string, expr: string, parsed: ParsedQuery) => {
      for (const u of parsed.uses) {
        if (unbounded.has(u.label)) report(message(args, field, expr, `${USE_WORDS[u.how]} the unbounded label ${u.label}`, fixFor(u.how)));
      }
    };
    for (const file of configFiles(args)) {
      for (const doc of yamlDocuments(file)) {
        if (!isObject(doc)) continue;
        if (Array.isArray(doc.groups)) ruleLabels(args, file, doc.groups, unbounded, judge, report);
        if (Array.isArray(doc.scrape_configs) || isObject(doc.alerting) || Array.isArray(doc.remote_write)) relabelLabels(args, file, doc, unbounded, report);
      }
      const dashboard = jsonDocument(file);
      if (isObject(dashboard) && (Array.isArray(dashboard.panels) || isObject(dashboard.dashboard))) dashboardQueries(file, isObject(dashboard.dashboard) ? dashboard.dashboard : dashboard, judge);
    }
    // Grafana-managed rules keep their query in each data item's JSON model.
    if (GRAFANA_RULE_GROUPS.includes(args.type)) {
      for (const rule of (args.props.rules ?? []) as Array<Record<string, any>>) {
        for (const d of (rule.datas ?? []) as Array<Record<string, any>>) {
          let model: unknown;
          try {
            model = JSON.parse(String(d.model ?? "{}"));
          } catch {
            continue;
          }
          if (isObject(model) && typeof model.expr === "string") judge(`rules[${rule.name}].datas[${d.refId}].model.expr`, model.expr, grafanaQueryUses(model.expr));
        }
      }
    }
    for (const { field, values } of exporterSettings(args)) {
      for (const [k, v] of values) {
        if (!/_LABELS?$/.test(k)) continue;
        const names = listNames(v);
        for (const n of names) if (unbounded.has(n)) report(message(args, field(k), v, `adds the unbounded label ${n} to the exporter's series`, `remove ${n} from ${k}`));
      }
    }
  },
};

/** A label list setting: `a,b`, a JSON array of names, or a JSON object whose keys are names. */
function listNames(v: string): string[] {
  try {
    const parsed = JSON.parse(v) as unknown;
    if (Array.isArray(parsed)) return parsed.map(String);
    if (isObject(parsed)) return Object.keys(parsed);
  } catch {
    // A plain comma-separated list.
  }
  return v.split(",").map((x) => x.trim().split("=")[0]!).filter(Boolean);
}

type Judge = (field: string, expr: string, parsed: ParsedQuery) => void;

function ruleLabels(r: ResourceView, file: ConfigFile, groups: unknown[], unbounded: Set<string>, judge: Judge, report: ReportViolation): void {
  for (const g of groups) {
    if (!isObject(g) || !Array.isArray(g.rules)) continue;
    for (const rule of g.rules as Array<Record<string, any>>) {
      const id = rule.alert ? `alert=${rule.alert}` : `record=${rule.record}`;
      const field = `${file.field} groups[${g.name}].rules[${id}]`;
      if (typeof rule.expr === "string" || typeof rule.expr === "number") judge(`${field}.expr`, String(rule.expr), labelUses(String(rule.expr)));
      for (const k of Object.keys(isObject(rule.labels) ? rule.labels : {})) {
        if (unbounded.has(k)) report(message(r, `${field}.labels.${k}`, rule.labels[k], `the rule adds the unbounded label ${k}`, `remove the ${k} label from the rule`));
      }
    }
  }
}

const RELABEL_LISTS = ["relabel_configs", "metric_relabel_configs", "alert_relabel_configs", "write_relabel_configs"];

function relabelLabels(r: ResourceView, file: ConfigFile, doc: Record<string, any>, unbounded: Set<string>, report: ReportViolation): void {
  const sections: Array<[string, Record<string, any>]> = [
    ...((doc.scrape_configs ?? []) as Array<Record<string, any>>).map((j) => [`scrape_configs[job_name=${j.job_name}]`, j] as [string, Record<string, any>]),
    ...((doc.remote_write ?? []) as Array<Record<string, any>>).map((w, i) => [`remote_write[${w.name ?? i}]`, w] as [string, Record<string, any>]),
    ...(isObject(doc.alerting) ? [["alerting", doc.alerting] as [string, Record<string, any>]] : []),
  ];
  for (const [at, section] of sections) {
    for (const list of RELABEL_LISTS) {
      ((section[list] ?? []) as Array<Record<string, any>>).forEach((rc, i) => {
        const action = String(rc.action ?? "replace").toLowerCase();
        const target = action === "labelmap" ? rc.replacement : rc.target_label;
        if (["replace", "labelmap", "hashmod", "lowercase", "uppercase"].includes(action) && typeof target === "string" && unbounded.has(target)) {
          report(message(r, `${file.field} ${at}.${list}[${i}].target_label`, target, `relabelling writes the unbounded label ${target} onto every series`, `drop this rule, or add { action: labeldrop, regex: ${target} } to metric_relabel_configs`));
        }
      });
    }
    for (const sc of (section.static_configs ?? []) as Array<Record<string, any>>) {
      for (const k of Object.keys(isObject(sc.labels) ? sc.labels : {})) {
        if (unbounded.has(k)) report(message(r, `${file.field} ${at}.static_configs.labels.${k}`, sc.labels[k], `the target label ${k} is unbounded`, `remove the ${k} target label`));
      }
    }
  }
}

/** Panel targets (rows' nested panels too) and template variables of a Grafana dashboard. */
function dashboardQueries(file: ConfigFile, dashboard: Record<string, any>, judge: Judge): void {
  const walk = (panels: unknown[], at: string) => {
    for (const p of panels) {
      if (!isObject(p)) continue;
      const title = `${at}panels[${JSON.stringify(p.title ?? p.id ?? "")}]`;
      for (const t of (p.targets ?? []) as Array<Record<string, any>>) {
        if (typeof t.expr === "string" && t.expr.trim()) judge(`${file.field} ${title}.targets[${t.refId ?? ""}].expr`, t.expr, grafanaQueryUses(t.expr));
      }
      if (Array.isArray(p.panels)) walk(p.panels, `${title}.`);
    }
  };
  walk((dashboard.panels ?? []) as unknown[], "");
  for (const v of ((dashboard.templating?.list ?? []) as Array<Record<string, any>>)) {
    if (v.type !== "query") continue;
    const q = typeof v.query === "string" ? v.query : isObject(v.query) ? v.query.query : undefined;
    if (typeof q === "string" && q.trim()) judge(`${file.field} templating[${v.name}].query`, q, grafanaQueryUses(q));
  }
}

export const cardinalityPolicies = [scrapeLimits, exporterModelCap, unboundedLabels];
