import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type SecretKey, type StackConfig } from "../../config";
import { pickSecrets } from "../kubernetes";
import { deployAlertmanagerDocker } from "./docker";
import { deployAlertmanagerKubernetes } from "./kubernetes";
import { ALERTMANAGER_NAME, ALERTMANAGER_PORT } from "./names";
import { alertmanagerSecretFileKeys, renderAlertmanagerConfig } from "./render-config";

export interface AlertmanagerArgs {
  /** The validated stack config; reads `platform`, `namespace` and `alertmanager`. */
  config: Pick<StackConfig, "platform" | "namespace" | "alertmanager">;
  /**
   * Kubernetes namespace of every object, created by the caller (pass the Namespace's name so objects wait for
   * it). Ignored on Docker. Defaults to `config.namespace`.
   */
  namespace?: pulumi.Input<string>;
  /** Name of the Docker network the container joins, created by the caller. Required on Docker; ignored on Kubernetes. */
  network?: pulumi.Input<string>;
  /** Secret values by key; the enabled receivers' credentials are mounted as files. Defaults to none. */
  secrets?: Partial<Record<SecretKey, pulumi.Input<string>>>;
}

/**
 * Alertmanager for the stack: seed 003's routing, a gossip cluster of `replicas` on Kubernetes (3 in prod) or one
 * container on Docker. Config and credentials live in a Secret / secret uploads only.
 */
export class Alertmanager extends pulumi.ComponentResource {
  /** Bundle-relative path -> rendered content: `alertmanager/alertmanager.yml`, without any credential. */
  readonly files: Record<string, string>;
  /** DNS name of the (client) Service or container alias inside the stack. */
  readonly host: pulumi.Output<string>;
  /** Base URL inside the stack, for Grafana's Alertmanager datasource. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: AlertmanagerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("llmobs:alertmanager:Alertmanager", name, {}, opts);
    const c = args.config;
    const given = args.secrets ?? {};
    const publicConfig = renderAlertmanagerConfig(c.alertmanager);
    this.files = { "alertmanager/alertmanager.yml": publicConfig };
    const secrets = pickSecrets(alertmanagerSecretFileKeys(c.alertmanager), given, "alertmanager.yml");
    const config = c.alertmanager.receivers.webhook
      ? pickSecrets(["webhookUrl"], given, "the webhook receiver").webhookUrl!.apply((webhookUrl) => renderAlertmanagerConfig(c.alertmanager, { webhookUrl }))
      : pulumi.output(publicConfig);

    const child = { parent: this };
    if (c.platform === "kubernetes") {
      const namespace = args.namespace ?? c.namespace;
      deployAlertmanagerKubernetes(name, { namespace, alertmanager: c.alertmanager, config, publicConfig, secrets }, child);
      this.host = pulumi.interpolate`${ALERTMANAGER_NAME}.${namespace}.svc`;
    } else {
      if (args.network === undefined) throw new ConfigError(["Alertmanager: `network` is unset: expected the name of the stack's Docker network on the docker platform"]);
      deployAlertmanagerDocker(name, { prefix: c.namespace, network: args.network, alertmanager: c.alertmanager, config, secrets }, child);
      this.host = pulumi.output(ALERTMANAGER_NAME);
    }
    this.url = pulumi.interpolate`http://${this.host}:${ALERTMANAGER_PORT}`;
    this.registerOutputs({ host: this.host, url: this.url });
  }
}
