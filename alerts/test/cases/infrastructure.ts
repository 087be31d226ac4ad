import { DCGM_METRICS, GUARDIAN_METRICS, LLM_METRICS, NODE_METRICS, POSTGRES_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { gauge, histogram, sel, steady, type Series } from "../series";

const node1 = { instance: "node-1:9100" };
const pg = { instance: "postgres:9187" };

const gpuUtil = (pct: number): Series => ({ [sel(LLM_METRICS.gpuUtilizationPct.name, { gpu: "0", instance: "node-1:9464" })]: gauge(pct, 25) });
const memory = (availableRatio: number): Series => ({
  [sel(NODE_METRICS.memAvailable.name, node1)]: gauge(availableRatio * 1000, 15),
  [sel(NODE_METRICS.memTotal.name, node1)]: gauge(1000, 15),
});
const connections = (a: number, b: number): Series => ({
  [sel(POSTGRES_METRICS.numBackends.name, { ...pg, datname: "app" })]: gauge(a, 15),
  [sel(POSTGRES_METRICS.numBackends.name, { ...pg, datname: "analytics" })]: gauge(b, 15),
  [sel(POSTGRES_METRICS.maxConnections.name, pg)]: gauge(100, 15),
});
const statements = (seconds: number): Series => histogram(POSTGRES_METRICS.statementsMeanTime, pg, steady(15, { value: seconds, count: 100 }));

/** Seed 003's resource and database alerts. */
export const infrastructureCases: AlertCase[] = [
  { name: "GPUs 95 % busy > 90 %", alert: "HighGPUUtilization", series: gpuUtil(95), at: "20m", fires: [{}] },
  {
    name: "specialist GPU gauge 95 % > 90 %", alert: "HighGPUUtilization", at: "20m", fires: [{}],
    series: { [sel(GUARDIAN_METRICS.specialistGpuUtilization.name, { specialist_type: "code", gpu_id: "0" })]: gauge(95, 25) },
  },
  { name: "GPUs 50 % busy is healthy", alert: "HighGPUUtilization", series: gpuUtil(50), at: "20m", fires: [] },
  {
    name: "DCGM GPUs 95 % busy > 90 %", alert: "HighGPUUtilization", at: "20m", fires: [{}],
    series: { [sel(DCGM_METRICS.gpuUtil.name, { gpu: "0", UUID: "GPU-aaaa", Hostname: "node-1", node: "node-1" })]: gauge(95, 25) },
  },
  {
    // Averaged once: the exporter's 40 % reading of the same GPU must not pull DCGM's 95 % below the threshold.
    name: "both sources report one GPU 95 % busy: DCGM's reading counts once", alert: "HighGPUUtilization", at: "20m", fires: [{}],
    series: {
      [sel(DCGM_METRICS.gpuUtil.name, { gpu: "0", UUID: "GPU-aaaa", Hostname: "node-1", node: "node-1" })]: gauge(95, 25),
      [sel(LLM_METRICS.gpuUtilizationPct.name, { gpu: "0", instance: "10.0.0.7:9464", node: "node-1" })]: gauge(40, 25),
    },
  },
  { name: "node memory 95 % used > 90 %", alert: "HighMemoryUsage", series: memory(0.05), at: "10m", fires: [{}] },
  { name: "node memory 50 % used is healthy", alert: "HighMemoryUsage", series: memory(0.5), at: "10m", fires: [] },
  { name: "90 of 100 connections > 80 %", alert: "DatabaseConnectionLimit", series: connections(50, 40), at: "10m", fires: [pg] },
  { name: "50 of 100 connections is healthy", alert: "DatabaseConnectionLimit", series: connections(30, 20), at: "10m", fires: [] },
  { name: "statement p95 9.75 s > 5 s", alert: "SlowQueries", series: statements(7), at: "10m", fires: [pg] },
  { name: "statement p95 0.48 s is healthy", alert: "SlowQueries", series: statements(0.3), at: "10m", fires: [] },
];

