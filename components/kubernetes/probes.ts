import type * as k8s from "@pulumi/kubernetes";

type Probe = k8s.types.input.core.v1.Probe;

/** Timing of a probe, in seconds. */
export interface ProbeTiming {
  /** Seconds after start before the first probe. Defaults to 5. */
  initialDelaySeconds?: number;
  /** Seconds between probes. Defaults to 10. */
  periodSeconds?: number;
  /** Seconds before one probe times out. Defaults to 5. */
  timeoutSeconds?: number;
  /** Consecutive failures before the probe fails. Defaults to 6. */
  failureThreshold?: number;
}

/** An HTTP GET probe on a named or numbered container port. */
export function httpProbe(path: string, port: string | number, timing: ProbeTiming = {}): Probe {
  return {
    httpGet: { path, port },
    initialDelaySeconds: timing.initialDelaySeconds ?? 5,
    periodSeconds: timing.periodSeconds ?? 10,
    timeoutSeconds: timing.timeoutSeconds ?? 5,
    failureThreshold: timing.failureThreshold ?? 6,
  };
}
