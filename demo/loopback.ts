import { parse, stringify } from "yaml";

/**
 * The local stack's prometheus.yml addresses containers by their names on the Docker network (`llm-exporter:9464`).
 * The demo runs the same processes on this machine instead: rewrite each `host:port` target to the loopback port
 * the demo started that process on, and point `rule_files` at the demo's copy of the rules. Everything else
 * (intervals, limits, relabelling, alerting) stays exactly as rendered.
 */
export function loopbackPrometheusConfig(rendered: string, ports: Record<string, number>, rulesDir: string): string {
  const doc = parse(rendered) as Record<string, unknown>;
  const rewrite = (target: string) => {
    const host = target.split(":")[0]!;
    const port = ports[host];
    if (port === undefined) throw new Error(`demo: no local process stands in for scrape target ${target}`);
    return `127.0.0.1:${port}`;
  };
  const rewriteStatic = (sc: { targets: string[] }) => ({ ...sc, targets: sc.targets.map(rewrite) });
  const alerting = doc.alerting as { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  for (const am of alerting.alertmanagers) am.static_configs = am.static_configs.map(rewriteStatic);
  for (const job of doc.scrape_configs as { static_configs?: { targets: string[] }[] }[]) {
    if (job.static_configs) job.static_configs = job.static_configs.map(rewriteStatic);
  }
  doc.rule_files = (doc.rule_files as string[]).map((f) => `${rulesDir}/${f.split("/").pop()}`);
  return stringify(doc, { lineWidth: 0 });
}
