export { createMetrics, EXEMPLAR_HISTOGRAMS, type ExporterMetrics } from "./registry";
export { MAX_LABEL_LENGTH, ModelLabelGuard, OVERFLOW_MODEL_ID, sanitizeLabelValue, UNKNOWN_MODEL_ID } from "./labels";
export { RequestRecorder, type Endpoint, type RequestOutcome } from "./recorder";
export { formatHeader, formatSeries, renderRegistry } from "./render";
export { MetricsRenderer, populateSeries } from "./scrape";
