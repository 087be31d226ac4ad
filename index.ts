// The Pulumi program: `pulumi up -s <local|dev|staging|prod>`. Everything it declares comes from program.ts, which
// the render command and the tests drive too.
import { buildProgram } from "./program";

const { config, stack } = buildProgram();

export const environment = config.environment;
export const platform = config.platform;
export const namespace = stack.namespace;
export const prometheusUrl = stack.prometheus.url;
export const alertmanagerUrl = stack.alertmanager.url;
export const exporterUrl = stack.exporter?.serviceUrl;
export const grafanaUrl = stack.grafana?.url;
