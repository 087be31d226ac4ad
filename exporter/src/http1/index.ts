export {
  UpstreamClientError, UpstreamPool, type BufferedResponse, type CallControl, type ResponseHandler, type UpstreamErrorCode,
  type UpstreamPoolOptions, type UpstreamRequest,
} from "./client-pool";
export { HttpParseError, MessageParser, type MessageHead, type ParserEvents } from "./message-parser";
export { Http1Server, type AbandonedRequestListener, type HttpHandler, type HttpRequest, type HttpResponse, type Http1ServerOptions } from "./server";
