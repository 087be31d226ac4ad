import assert from "node:assert/strict";
import { test } from "node:test";
import { BreakerState, CircuitBreaker, type BreakerTransition } from "../src/proxy/circuit-breaker";

function breaker(openMs = 1000) {
  let now = 0;
  const states: number[] = [];
  const transitions: BreakerTransition[] = [];
  const b = new CircuitBreaker({
    failureThreshold: 3, openMs, now: () => now, onStateChange: (s) => states.push(s), onTransition: (t) => transitions.push(t),
  });
  return { b, states, transitions, advance: (ms: number) => (now += ms) };
}

const { Closed, Open, HalfOpen } = BreakerState;

test("opens after N consecutive failures, fails fast while open, probes once, closes on success", () => {
  const { b, states, advance } = breaker();
  for (let i = 0; i < 2; i++) {
    assert.ok(b.tryAcquire());
    b.failure();
  }
  assert.equal(b.state, BreakerState.Closed, "two failures stay below the threshold");
  assert.ok(b.tryAcquire());
  b.failure();
  assert.equal(b.state, BreakerState.Open);
  assert.equal(b.tryAcquire(), false, "open: fail fast");
  advance(999);
  assert.equal(b.tryAcquire(), false, "still inside the open period");
  advance(1);
  assert.ok(b.tryAcquire(), "the half-open probe");
  assert.equal(b.state, BreakerState.HalfOpen);
  assert.equal(b.tryAcquire(), false, "only one probe at a time");
  b.success();
  assert.equal(b.state, BreakerState.Closed);
  assert.deepEqual(states, [0, 1, 2, 0]);
});

test("a failed probe reopens for a full period; a success in between resets the count", () => {
  const { b, advance } = breaker();
  for (const ok of [false, false, true, false, false]) {
    b.tryAcquire();
    if (ok) b.success();
    else b.failure();
  }
  assert.equal(b.state, BreakerState.Closed, "the success reset the consecutive count");
  b.tryAcquire();
  b.failure();
  assert.equal(b.state, BreakerState.Open);
  advance(1000);
  assert.ok(b.tryAcquire());
  b.failure();
  assert.equal(b.state, BreakerState.Open);
  advance(500);
  assert.equal(b.tryAcquire(), false);
});

test("a probe released without a verdict (client left) lets the next request probe", () => {
  const { b, advance } = breaker();
  for (let i = 0; i < 3; i++) {
    b.tryAcquire();
    b.failure();
  }
  advance(1000);
  assert.ok(b.tryAcquire());
  b.release();
  assert.equal(b.state, BreakerState.HalfOpen);
  assert.ok(b.tryAcquire());
});

test("every state change is reported with where from, why and the consecutive failures", () => {
  const { b, transitions, advance } = breaker();
  const fail = (n: number) => {
    for (let i = 0; i < n; i++) {
      b.tryAcquire();
      b.failure();
    }
  };
  fail(3);
  advance(1000);
  fail(1);
  advance(1000);
  b.tryAcquire();
  b.success();
  assert.deepEqual(transitions, [
    { from: Closed, to: Open, reason: "failure_threshold", consecutiveFailures: 3 },
    { from: Open, to: HalfOpen, reason: "open_period_over", consecutiveFailures: 3 },
    { from: HalfOpen, to: Open, reason: "probe_failed", consecutiveFailures: 4 },
    { from: Open, to: HalfOpen, reason: "open_period_over", consecutiveFailures: 4 },
    { from: HalfOpen, to: Closed, reason: "probe_succeeded", consecutiveFailures: 4 },
  ]);

  // A request let through while closed that answers after the breaker opened closes it.
  const late = breaker();
  late.b.tryAcquire();
  for (let i = 0; i < 3; i++) {
    late.b.tryAcquire();
    late.b.failure();
  }
  late.b.success();
  assert.deepEqual(late.transitions.map((t) => `${t.from}->${t.to} ${t.reason} ${t.consecutiveFailures}`), ["0->1 failure_threshold 3", "1->0 request_succeeded 3"]);
  assert.equal(late.b.state, Closed);
});

test("retryAfterSeconds counts whole seconds to the half-open probe, rounded up, at least 1", () => {
  const { b, advance } = breaker(30_000);
  for (let i = 0; i < 3; i++) {
    b.tryAcquire();
    b.failure();
  }
  const table: [number, number][] = [[0, 30], [999, 30], [1000, 29], [1001, 29], [28_999, 2], [29_000, 1], [29_999, 1], [30_000, 1]];
  let at = 0;
  for (const [elapsed, seconds] of table) {
    advance(elapsed - at);
    at = elapsed;
    assert.equal(b.retryAfterSeconds(), seconds, `${elapsed} ms after opening`);
  }
  assert.ok(b.tryAcquire(), "the probe");
  assert.equal(b.tryAcquire(), false);
  assert.equal(b.retryAfterSeconds(), 1, "while the probe is out");
});
