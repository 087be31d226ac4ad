// The Pulumi program: `pulumi up -s <local|dev|staging|prod>`. Everything it declares comes from program.ts, which
// the render command and the tests drive too.
import { buildProgram } from "./program";

const { config, stack } = buildProgram();

export const environment = config.environment;
export const platform = config.platform;
export const namespace = stack.namespace;
export const prometheusUrl = stack.prometheus.url;
export const alertmanagerUrl = stack.alertmanager.url;
// null, not undefined, when the exporter is off: the engine drops an undefined output with a warning.
export const exporterUrl = stack.exporter?.serviceUrl ?? null;
export const grafanaUrl = stack.grafana?.url ?? null;
