import type { Counter } from "prom-client";

/** Longest label value kept; longer values are cut so a hostile model name cannot bloat every series. */
export const MAX_LABEL_LENGTH = 128;
/** The single series that absorbs model ids beyond the cap. */
export const OVERFLOW_MODEL_ID = "other";
/** Used when a request names no model, or only characters the sanitiser removes. */
export const UNKNOWN_MODEL_ID = "unknown";

const UNSAFE = /[^A-Za-z0-9._:/@+-]/g;

/** A label value safe for Prometheus and log pipelines: printable model-name characters only, at most 128 long. */
export function sanitizeLabelValue(value: string): string {
  const clean = value.replace(UNSAFE, "_").slice(0, MAX_LABEL_LENGTH);
  return clean.replace(/_/g, "") === "" ? UNKNOWN_MODEL_ID : clean;
}

/**
 * Runtime cardinality guard for `model_id`: the first `max` distinct values are kept, later ones fold into
 * `other` and are counted, so a client sending random model names cannot grow the series count without bound.
 */
export class ModelLabelGuard {
  private readonly known = new Map<string, string>();

  constructor(private readonly max: number, private readonly overflow: Counter<string>) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxModelIds = ${max}: expected an integer >= 1`);
  }

  /** The `model_id` label for a requested model name. */
  resolve(model: string): string {
    const hit = this.known.get(model);
    if (hit !== undefined) return hit;
    const label = sanitizeLabelValue(model);
    if (this.known.size < this.max) {
      this.known.set(model, label);
      return label;
    }
    this.overflow.inc();
    return OVERFLOW_MODEL_ID;
  }

  /** Distinct model names admitted so far. */
  get size(): number {
    return this.known.size;
  }
}
