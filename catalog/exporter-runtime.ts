import { from } from "./types";

/** Prometheus job (and `job` label) of the exporter's scrape target; alerts on the exporter itself select by it. */
export const EXPORTER_JOB = "llm-exporter";

/**
 * The exporter process's own health, as prom-client's default metrics name it (exporter/src/main.ts registers
 * them). Only the families alerts and dashboards read are listed; the process exposes the rest of the standard
 * `process_*` / `nodejs_*` set too.
 */
export const EXPORTER_RUNTIME_METRICS = from("exporter", "exporter health (prom-client default metrics)", {
  eventLoopLagP99: {
    name: "nodejs_eventloop_lag_p99_seconds", type: "gauge", unit: "seconds", labels: [],
    help: "99th percentile of the exporter's event-loop delay since the previous scrape: how long a ready request waited for the proxy.",
  },
  residentMemory: { name: "process_resident_memory_bytes", type: "gauge", unit: "bytes", labels: [], help: "Resident memory of the exporter process." },
  cpuSecondsTotal: { name: "process_cpu_seconds_total", type: "counter", unit: "seconds", labels: [], help: "CPU time (user and system) of the exporter process." },
  openFds: {
    name: "process_open_fds", type: "gauge", unit: "file descriptors", labels: [],
    help: "Open file descriptors (client and upstream sockets, log files) of the exporter process.",
  },
});
