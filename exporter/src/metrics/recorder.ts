import type { ErrorClass } from "../proxy/errors";
import { errorComponent } from "../proxy/errors";
import type { ExporterMetrics } from "./registry";

/** The OpenAI routes the proxy measures; the `endpoint` label. */
export type Endpoint = "/v1/chat/completions" | "/v1/completions" | "/v1/embeddings";

/** Everything measured about one finished inference request. */
export interface RequestOutcome {
  /** The guarded `model_id` label value. */
  modelId: string;
  endpoint: Endpoint;
  stream: boolean;
  /** HTTP status the client got (499 when it left first). */
  status: number;
  error: ErrorClass | undefined;
  durationMs: number;
  /** Time to first token in ms; undefined when no token arrived. */
  ttftMs: number | undefined;
  /** Mean inter-token latency in ms; undefined with fewer than two tokens. */
  tpotMs: number | undefined;
  promptTokens: number | undefined;
  completionTokens: number | undefined;
  /** Trace id for exemplars; undefined when the request is not traced. */
  traceId: string | undefined;
}

const STATUS_CLASS = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
const NO_EXEMPLAR = {};

/** Writes request outcomes into the catalog metrics. One label object per model is reused to spare allocations. */
export class RequestRecorder {
  private readonly modelLabels = new Map<string, { model_id: string }>();

  constructor(private readonly m: ExporterMetrics) {}

  /** A request entered the proxy. */
  started(): void {
    this.m.concurrentRequests.inc();
  }

  /** A request left the proxy; call exactly once per {@link started}. */
  finished(o: RequestOutcome): void {
    const m = this.m;
    m.concurrentRequests.dec();
    let labels = this.modelLabels.get(o.modelId);
    if (!labels) this.modelLabels.set(o.modelId, (labels = { model_id: o.modelId }));
    const exemplarLabels = o.traceId ? { trace_id: o.traceId } : NO_EXEMPLAR;
    m.requestsTotal.inc(labels);
    m.durationMs.observe({ labels, value: o.durationMs, exemplarLabels });
    if (o.ttftMs !== undefined) m.firstTokenLatencyMs.observe({ labels, value: o.ttftMs, exemplarLabels });
    if (o.tpotMs !== undefined) m.perTokenLatencyMs.observe({ labels, value: o.tpotMs, exemplarLabels });
    if (o.completionTokens) m.tokensGeneratedTotal.inc(labels, o.completionTokens);
    if (o.promptTokens) m.promptTokensTotal.inc(labels, o.promptTokens);
    m.requestsByStatusTotal.inc({
      model_id: o.modelId, endpoint: o.endpoint, status: STATUS_CLASS[Math.floor(o.status / 100) - 1] ?? "5xx", mode: o.stream ? "stream" : "unary",
    });
    if (o.error) {
      m.failuresTotal.inc({ model_id: o.modelId, error: o.error });
      m.errorsTotal.inc({ error_type: o.error, component: errorComponent(o.error) });
    }
  }
}
