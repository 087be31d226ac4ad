import assert from "node:assert/strict";
import { test } from "node:test";
import { BreakerState, CircuitBreaker } from "../src/proxy/circuit-breaker";

function breaker() {
  let now = 0;
  const states: number[] = [];
  const b = new CircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => now, onStateChange: (s) => states.push(s) });
  return { b, states, advance: (ms: number) => (now += ms) };
}

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
