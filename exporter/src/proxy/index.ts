export { handleInference } from "./inference";
export { handleModels, mergeModelLists } from "./models";
export { Upstream, type UpstreamOptions } from "./upstream";
export { Router } from "./router";
export { BreakerState, CircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker";
export { MalformedStreamError, SseScanner } from "./sse";
export { parseClientRequest, readUsage, type BadRequest, type ClientRequest } from "./client-request";
export { classifyUpstreamError, errorComponent, isUpstreamFault, openAiError, proxyStatus, type ErrorClass } from "./errors";
export type { ProxyContext } from "./context";
