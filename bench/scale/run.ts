import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlert, ruleFiles, ruleGroups } from "../../alerts";
import { EXPORTER_JOB } from "../../catalog";
import { durationSeconds, loadStackConfig } from "../../config";
import { requireTool } from "../../test/helpers/tools";
import { freePort, startProcess, stopProcess, waitUntilServing } from "../processes";
import { countCpu } from "../cpu";
import { percentile } from "../stats";
import { fleetSeries, sampleValue } from "./fleet";
import { openMetricsHistory, type HistorySeries } from "./history";
import { instantQuery, ruleGroupsNow, selfMetrics, seriesNow, timeRangeQuery } from "./probe";
import { costedQueries, stepFor } from "./queries";
import type { ScaleResult } from "./report";
import { createBlocks, instanceName, scalePrometheusConfig, serveFleet } from "./server";
import { reachOf } from "./windows";

/** What the scale benchmark runs. */
export interface ScaleOptions {
  /** Fleet sizes to measure, in models per instance, ascending. */
  models: readonly number[];
  /** Exporter instances. */
  instances: number;
  /** Evaluation rounds measured per size (after the warm-up). */
  rounds: number;
  /** Called with progress messages. */
  progress(what: string): void;
}

const DAY = 86_400;
/** Stack whose rendered rules and intervals are measured: the one a large fleet runs. */
const STACK = "prod";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: readonly number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

/** Writes the OpenMetrics history of `series` to a file and turns it into TSDB blocks in `outputDir`; returns the blocks made. */
async function backfill(series: Iterable<HistorySeries>, end: number, step: number, dir: string, name: string, outputDir: string): Promise<number> {
  const file = join(dir, `${name}.om`);
  const fd = openSync(file, "w");
  try {
    for (const chunk of openMetricsHistory(series, end, step)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  mkdirSync(outputDir, { recursive: true });
  const before = readdirSync(outputDir).length;
  await createBlocks("promtool", file, outputDir);
  rmSync(file);
  return readdirSync(outputDir).length - before;
}

/**
 * Waits until Prometheus serves the backfilled history of `name` from `secondsAgo` (it picks up new block
 * directories on its next reload, about once a minute; overlapping blocks may then be merged, so counting blocks
 * would not tell).
 */
async function waitForHistory(base: string, name: string, secondsAgo: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const expr = `count(${name} offset ${Math.floor(secondsAgo)}s)`;
  while ((await instantQuery(base, expr)).length === 0) {
    if (Date.now() > deadline) throw new Error(`prometheus did not load the backfilled history of ${name} (${expr} is empty after ${timeoutMs} ms)`);
    await sleep(2000);
  }
}

/** Waits until each of `groups` has been evaluated after `since` (Unix ms). */
async function waitForEvaluationAfter(base: string, groups: ReadonlySet<string>, since: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const late = (await ruleGroupsNow(base)).filter((g) => groups.has(g.name) && !(Date.parse(g.lastEvaluation) > since)).map((g) => g.name);
    if (late.length === 0) return;
    if (Date.now() > deadline) throw new Error(`rule groups ${late.join(", ")} were not evaluated within ${timeoutMs} ms`);
    await sleep(1000);
  }
}

/** One fleet size: backfill, serve, let Prometheus scrape and evaluate, then read what evaluation and queries cost. */
async function measureSize(models: number, o: ScaleOptions): Promise<ScaleResult> {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-scale-"));
  const { config } = loadStackConfig({ "llmobs:environment": STACK });
  const scrape = durationSeconds(config.prometheus.scrapeInterval);
  const evaluation = durationSeconds(config.prometheus.evaluationInterval);
  const rules = ruleFiles(config);
  const groups = ruleGroups(config);
  // A window of whole rounds holds exactly one run of a group with a longer interval of its own when it is as long
  // as the longest such interval; a shorter one would hold that group's run in some windows and not in others.
  const longestInterval = Math.max(evaluation, ...groups.map((g) => durationSeconds(g.interval ?? "0s")));
  const rounds = Math.max(o.rounds, Math.ceil(longestInterval / evaluation));
  mkdirSync(join(dir, "rules"));
  for (const [file, text] of Object.entries(rules)) writeFileSync(join(dir, "rules", file), text);
  const exprs = groups.flatMap((g) => g.rules.map((r) => r.expr));
  /** Seconds between the samples of each recorded name: its group's interval (the shortest, if several record it). */
  const recordedEvery = new Map<string, number>();
  for (const g of groups) {
    for (const r of g.rules) {
      if (isAlert(r)) continue;
      const every = g.interval ? durationSeconds(g.interval) : evaluation;
      recordedEvery.set(r.record, Math.min(every, recordedEvery.get(r.record) ?? every));
    }
  }
  /** The groups that record any of `names`. */
  const recordingGroupsOf = (names: readonly string[]) =>
    new Set(groups.filter((g) => g.rules.some((r) => !isAlert(r) && names.includes(r.record))).map((g) => g.name));
  const queriesToTime = costedQueries(config, scrape);
  const reach = reachOf(exprs);
  for (const q of queriesToTime) for (const range of q.ranges) reachOf([q.expr], durationSeconds(range), reach);
  const reachOfName = (name: string) => Math.min(DAY, reach.get(name) ?? 0);

  // The fleet has been up for a day: its counters are a day's worth, and its history a day long.
  const startUnix = Math.floor(Date.now() / 1000) - DAY - 600;
  const series = fleetSeries(models);
  const data = join(dir, "data");
  const job = EXPORTER_JOB;
  const rawHistory = function* (): Generator<HistorySeries> {
    for (let i = 0; i < o.instances; i++) {
      for (const s of series) {
        const r = reachOfName(s.name);
        if (r > 0) yield { name: s.name, labels: { ...s.labels, instance: instanceName(i), job }, reach: r, valueAt: (t) => sampleValue(s, t - startUnix, startUnix) };
      }
    }
  };
  let blocks = await backfill(rawHistory(), Math.floor(Date.now() / 1000), scrape, dir, "raw", data);
  o.progress(`${models} models: raw history backfilled (${blocks} blocks)`);

  const fleet = await serveFleet(series, o.instances, startUnix);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const promConfig = (files: readonly string[]) => scalePrometheusConfig({
    job, addresses: fleet.addresses, scrapeInterval: config.prometheus.scrapeInterval, evaluationInterval: config.prometheus.evaluationInterval, ruleFiles: files,
  });
  const ruleFilePaths = Object.keys(rules).map((f) => join(dir, "rules", f));
  writeFileSync(join(dir, "prometheus.yml"), promConfig(ruleFilePaths));
  const prom = startProcess("prometheus", "prometheus", [
    `--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`,
    "--storage.tsdb.retention.time=15d",
  ], {}, join(dir, "prometheus.log"), dir);
  try {
    await waitUntilServing(prom, `${base}/-/ready`);
    // Recorded series exist once their groups have run after two scrapes (a group may run once a minute or less
    // often); their history is theirs, backfilled as they are now.
    await sleep(2 * scrape * 1000);
    await waitForEvaluationAfter(base, recordingGroupsOf([...reach.keys()]), Date.now(), 300_000);
    const recordedHistory: HistorySeries[] = [];
    for (const name of [...reach.keys()].filter((n) => recordedEvery.has(n))) {
      for (const { labels, value } of await seriesNow(base, name)) {
        const { __name__: _, ...rest } = labels;
        // A slow daily wave, so deviations and z-scores are numbers, not 0/0.
        recordedHistory.push({ name, labels: rest, reach: reachOfName(name), step: recordedEvery.get(name), valueAt: (t) => value * (1 + 0.1 * Math.sin((2 * Math.PI * t) / DAY)) });
      }
    }
    const staged = join(dir, "recorded-blocks");
    blocks += await backfill(recordedHistory, Math.floor(Date.now() / 1000) - 2 * evaluation, evaluation, dir, "recorded", staged);
    for (const b of readdirSync(staged)) renameSync(join(staged, b), join(data, b));
    const oldest = recordedHistory.reduce((a, b) => (b.reach > a.reach ? b : a), recordedHistory[0]!);
    if (oldest) await waitForHistory(base, oldest.name, oldest.reach - 3600, 150_000);
    o.progress(`${models} models: ${recordedHistory.length} recorded series backfilled, ${blocks} blocks made; measuring ${rounds} rounds`);
    await sleep(evaluation * 1000);

    const groupTimes = new Map<string, { at: Set<string>; ms: number[]; metricMs: number[]; interval: number }>();
    const ruleTimes = new Map<string, number[]>();
    /** Reads every group's and rule's last evaluation time once per round, for `rounds` rounds. */
    const sampleRounds = async () => {
      for (let round = 0; round < rounds; round++) {
        const [groups, metric] = await Promise.all([ruleGroupsNow(base), selfMetrics(base, ["prometheus_rule_group_last_duration_seconds"])]);
        for (const g of groups) {
          const t = groupTimes.get(g.name) ?? { at: new Set(), ms: [], metricMs: [], interval: g.interval };
          groupTimes.set(g.name, t);
          // A group reloaded with the rules and not yet run reports the zero time and no cost.
          if (t.at.has(g.lastEvaluation) || g.lastEvaluation.startsWith("0001-")) continue;
          t.at.add(g.lastEvaluation);
          t.ms.push(g.evaluationTime * 1000);
          const key = [...metric.keys()].find((k) => k.includes(`rule_group="${g.file};${g.name}"`));
          if (key) t.metricMs.push(metric.get(key)! * 1000);
          // A name recorded once per source appears several times in a group: its cost is the sum of its rules.
          const thisRound = new Map<string, number>();
          for (const r of g.rules) {
            if (r.health === "err") throw new Error(`rule ${r.name} in ${g.name} fails: ${r.lastError}`);
            thisRound.set(r.name, (thisRound.get(r.name) ?? 0) + r.evaluationTime * 1000);
          }
          for (const [rule, ms] of thisRound) ruleTimes.set(`${g.name}\0${rule}`, [...(ruleTimes.get(`${g.name}\0${rule}`) ?? []), ms]);
        }
        await sleep(evaluation * 1000);
      }
    };
    /** Prometheus' CPU over `rounds` evaluation intervals, sampling the rules meanwhile when they are loaded. */
    let cpuHow = "";
    const cpuWindow = async (withRules: boolean) => {
      const counter = await countCpu(prom.child.pid!);
      cpuHow = counter.how;
      if (withRules) await sampleRounds();
      else await sleep(rounds * evaluation * 1000);
      return (await counter.stop()).cpuMs;
    };
    /** Loads or unloads the rule files (SIGHUP reloads the config) and waits until Prometheus runs what it was given. */
    const setRules = async (on: boolean) => {
      writeFileSync(join(dir, "prometheus.yml"), promConfig(on ? ruleFilePaths : []));
      prom.child.kill("SIGHUP");
      while (((await ruleGroupsNow(base)).length > 0) !== on) await sleep(500);
      await sleep(evaluation * 1000);
    };

    // Rule CPU is Prometheus' CPU with the rules minus its CPU over as long without them (scraping and storing the
    // fleet alone), twice over; the smaller difference is kept, because what else Prometheus does now and then
    // (compacting the backfilled blocks, collecting garbage) only ever adds to one window.
    const with1 = await cpuWindow(true);
    const head = (await selfMetrics(base, ["prometheus_tsdb_head_series"])).get("prometheus_tsdb_head_series") ?? 0;
    const firing = (await instantQuery(base, 'count by (alertname) (ALERTS)'))
      .map((r) => ({ alert: r.labels.alertname ?? "", series: r.value }));
    const queries: ScaleResult["queries"] = [];
    for (const q of queriesToTime) {
      for (const range of q.ranges) {
        const seconds = durationSeconds(range);
        const times: number[] = [];
        for (let i = 0; i < 3; i++) times.push(await timeRangeQuery(base, q.expr, seconds, stepFor(seconds, scrape)));
        queries.push({ name: q.name, range, ms: median(times) });
      }
    }
    await setRules(false);
    const without1 = await cpuWindow(false);
    await setRules(true);
    const with2 = await cpuWindow(true);
    await setRules(false);
    const without2 = await cpuWindow(false);
    const pairs = [with1 - without1, with2 - without2].map((ms) => ms / rounds);
    o.progress(`${models} models: done`);
    return {
      models, instances: o.instances, headSeries: head, firing,
      ruleCpuMsPerRound: Math.min(...pairs), ruleCpuPairs: pairs,
      cpuHow,
      groups: [...groupTimes].map(([group, t]) => ({
        group, ms: median(t.ms), metricMs: t.metricMs.length ? median(t.metricMs) : Number.NaN, perRound: evaluation / t.interval,
      })),
      rules: [...ruleTimes].map(([key, ms]) => {
        const [group, rule] = key.split("\0") as [string, string];
        return { group, rule, ms: median(ms) };
      }),
      queries,
    };
  } finally {
    await stopProcess(prom);
    await fleet.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Measures every size in turn; fails fast when prometheus or promtool is not installed. */
export async function runScale(o: ScaleOptions): Promise<ScaleResult[]> {
  requireTool("prometheus");
  requireTool("promtool");
  const results: ScaleResult[] = [];
  for (const models of o.models) results.push(await measureSize(models, o));
  return results;
}
