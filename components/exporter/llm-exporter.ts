import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { join, resolve } from "node:path";
import type { StackConfig } from "../../config";
import { IMAGES, imageTag } from "../images";
import type { ScrapeTarget } from "../prometheus/scrape-target";
import { exporterOnDocker } from "./docker";
import { exporterEnvironment, renderEnvFile, type ExporterEnvironmentOptions } from "./environment";
import { exporterImageRef, exporterImageTag } from "./image";
import { exporterOnKubernetes } from "./kubernetes";
import { secretEnvironment, type ExporterSecrets } from "./secrets";
import { exporterScrapeTarget } from "./scrape";
import { simulatorOnDocker } from "./simulator";
import { EXPORTER_NAME, type ExporterWorkload } from "./workload";

export interface LlmExporterArgs {
  /**
   * The validated stack config. Reads `exporter`, `platform`, `namespace` and `prometheus.scrapeInterval` (the
   * exporter's backend/GPU poll interval). Whether to create the exporter at all (`exporter.enabled`) is the caller's call.
   */
  config: StackConfig;
  /** Kubernetes namespace of every object (may be a Namespace resource's output). Defaults to `config.namespace`. */
  namespace?: pulumi.Input<string>;
  /** Name of the Docker network the container joins; required on the `docker` platform, ignored on Kubernetes. Defaults to none. */
  network?: pulumi.Input<string>;
  /** Credentials, required when `exporter.proxyAuth` / `exporter.metricsAuth` switch them on. Defaults to none. */
  secrets?: ExporterSecrets;
  /**
   * The image to run, with an exact tag (e.g. one your CI built); overrides `exporter.image`. Defaults to
   * `exporter.image.ref`, else a build of exporter/Dockerfile when `exporter.image.build`, else `IMAGES.exporter`.
   */
  image?: pulumi.Input<string>;
  /** OTLP/HTTP endpoint for traces, e.g. `http://jaeger-collector.llmobs.svc:4318`. Defaults to no trace export. */
  otlpEndpoint?: string;
  /** Log level of the exporter. Defaults to `info`. */
  logLevel?: ExporterEnvironmentOptions["logLevel"];
  /**
   * Docker build context when building (the repository checkout holding exporter/Dockerfile), absolute or relative to
   * the working directory. Defaults to `.`: the Pulumi program's folder, which is the checkout when you run its stacks.
   */
  buildContext?: string;
}

/** CPU architecture the image is built for: what the clusters' nodes and CI runners run. */
const IMAGE_PLATFORM = "linux/amd64";

/**
 * The LLM metrics exporter (exporter/): its container image, and the workload that runs it in front of the LLM
 * upstreams, on Kubernetes (Deployment + Service discovered by Prometheus) or Docker (a container on the
 * stack network).
 */
export class LlmExporter extends pulumi.ComponentResource {
  /** In-cluster (or in-network, on Docker) base URL clients send OpenAI requests to, e.g. `http://llm-exporter.llmobs.svc.cluster.local:9464`. */
  readonly serviceUrl: pulumi.Output<string>;
  /** What the Prometheus component scrapes: job `llm-exporter` on port `http`, with basic auth when `metricsAuth`. */
  readonly scrapeTarget: ScrapeTarget;
  /** The image the workload runs, with its exact tag. */
  readonly imageRef: pulumi.Output<string>;
  /** Bundle-relative path -> rendered content: the exporter's non-secret environment, for review. */
  readonly files: Record<string, string>;

  constructor(name: string, args: LlmExporterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmobs:exporter:LlmExporter", name, {}, opts);
    const { config } = args;
    const e = config.exporter;
    const child = { parent: this };

    // Only a build declares a docker.Image: a stack that runs a published image must not need the Docker provider.
    const given = args.image ?? (e.image.build ? undefined : e.image.ref ?? IMAGES.exporter);
    const image = given === undefined
      ? buildImage(name, config, args.buildContext, child)
      : { ref: pulumi.output(given), tag: typeof given === "string" ? imageTag(given) || undefined : undefined };
    this.imageRef = image.ref;
    const workload: ExporterWorkload = {
      exporter: e,
      image: this.imageRef,
      version: image.tag,
      env: exporterEnvironment(config, { otlpEndpoint: args.otlpEndpoint, logLevel: args.logLevel }),
      secretEnv: secretEnvironment(config, args.secrets ?? {}),
    };

    if (config.platform === "kubernetes") {
      const namespace = args.namespace ?? config.namespace;
      const service = exporterOnKubernetes(name, workload, namespace, child);
      this.serviceUrl = pulumi.interpolate`http://${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local:${e.port}`;
    } else {
      if (args.network === undefined) throw new Error("LlmExporter: args.network is required on the docker platform (the stack's Docker network name)");
      exporterOnDocker(name, workload, { prefix: config.namespace, network: args.network }, child);
      if (e.simulator.enabled) {
        simulatorOnDocker(`${name}-simulator`, { prefix: config.namespace, network: args.network, image: this.imageRef, exporter: e }, child);
      }
      this.serviceUrl = pulumi.output(`http://${EXPORTER_NAME}:${e.port}`);
    }
    this.scrapeTarget = exporterScrapeTarget(config);
    this.files = { "exporter/exporter.env": renderEnvFile(workload.env) };

    this.registerOutputs({ serviceUrl: this.serviceUrl, imageRef: this.imageRef });
  }
}

/**
 * Builds exporter/Dockerfile, tagged by content. Pushed only when `exporter.image.push` is set (config validation
 * guarantees a registry then); otherwise the image stays in the local engine, which is all the Docker stack needs.
 * Reads the build context from the repository checkout, so it works from this repository, not from an installed package.
 */
function buildImage(
  name: string,
  config: StackConfig,
  buildContext: string | undefined,
  opts: pulumi.CustomResourceOptions,
): { ref: pulumi.Output<string>; tag: string } {
  const root = buildContext ?? ".";
  const tag = exporterImageTag(resolve(root));
  const { registry, push } = config.exporter.image;
  const image = new docker.Image(`${name}-image`, {
    imageName: exporterImageRef(registry, tag),
    build: { context: root, dockerfile: join(root, "exporter", "Dockerfile"), platform: IMAGE_PLATFORM },
    skipPush: !(push && registry !== undefined),
  }, opts);
  return { ref: image.imageName, tag };
}
