import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Resources } from "../../config";
import { containerLimits } from "./resources";

/** A file placed in the container before it starts. */
export interface UploadedFile {
  /** Absolute path inside the container. */
  path: string;
  /** File content; pass a `pulumi.secret` for credentials so state and previews mask it. */
  content: pulumi.Input<string>;
  /** Numeric uid owning the file, for credentials only the container user may read. Defaults to root. */
  owner?: number;
  /** Octal mode such as `0400`. Defaults to `0644`. */
  permissions?: string;
}

/** A port published to the host. */
export interface PublishedPort {
  /** Port inside the container. */
  internal: number;
  /** Port on the host. Defaults to `internal`. */
  external?: number;
}

/** What a stack container needs; everything platform-wide (restart policy, loopback-only ports) is fixed here. */
export interface StackContainerArgs {
  /** Container name, unique on the host, e.g. `llmobs-prometheus`. */
  containerName: pulumi.Input<string>;
  /** Image with an exact tag, from `components/images.ts`. */
  image: pulumi.Input<string>;
  /** Docker network the container joins (the stack's network name). */
  network: pulumi.Input<string>;
  /** DNS names of the container on that network, e.g. `["prometheus"]`, which rendered configs use. */
  aliases: string[];
  /** Replaces the image's ENTRYPOINT (to run another program shipped in the image). Defaults to the image's. */
  entrypoint?: pulumi.Input<string>[];
  /** Command-line arguments passed to the image's entrypoint. Defaults to the image's CMD. */
  command?: pulumi.Input<string>[];
  /** Environment variables. Defaults to none. */
  env?: Record<string, pulumi.Input<string>>;
  /** Files uploaded before start (configs, credential files). Defaults to none. */
  files?: UploadedFile[];
  /** Named volumes: Docker volume name -> path in the container. Defaults to none. */
  volumes?: Record<string, string>;
  /** Host directories mounted read-only: host path -> path in the container (a log collector's input). Defaults to none. */
  readOnlyBinds?: Record<string, string>;
  /**
   * A task that runs to completion (e.g. applying a retention policy): restarted only when it fails, and Pulumi
   * does not expect it to keep running. Defaults to false (a service, restarted unless stopped).
   */
  runOnce?: boolean;
  /** Ports published on 127.0.0.1 only, so a laptop stack is not reachable from the network. Defaults to none. */
  ports?: PublishedPort[];
  /** CPU/memory; limits become Docker's `cpus`/`memory`, requests the memory reservation. */
  resources: Resources;
  /** Command run inside the container to report health (Docker HEALTHCHECK `CMD` form). Defaults to the image's. */
  healthcheck?: string[];
  /** User (uid[:gid]) to run as. Defaults to the image's user. */
  user?: string;
}

/** The Docker env list form `KEY=value`, in key order so the rendered container is deterministic. */
function envList(env: Record<string, pulumi.Input<string>>): pulumi.Input<string>[] {
  return Object.keys(env).sort().map((k) => pulumi.interpolate`${k}=${env[k]!}`);
}

/** A `docker.Container` on the stack network, with uploaded files, named volumes and loopback-only ports. */
export function stackContainer(name: string, args: StackContainerArgs, opts: pulumi.CustomResourceOptions): docker.Container {
  return new docker.Container(name, {
    name: args.containerName,
    image: args.image,
    entrypoints: args.entrypoint,
    command: args.command,
    envs: args.env === undefined ? undefined : envList(args.env),
    user: args.user,
    restart: args.runOnce ? "on-failure" : "unless-stopped",
    ...(args.runOnce ? { mustRun: false } : {}),
    ...containerLimits(args.resources),
    networksAdvanced: [{ name: args.network, aliases: args.aliases }],
    uploads: (args.files ?? []).map((f) => ({
      file: f.path, content: f.content, permissions: f.permissions ?? "0644", ...(f.owner === undefined ? {} : { owner: String(f.owner) }),
    })),
    volumes: [
      ...Object.entries(args.volumes ?? {}).map(([volumeName, containerPath]) => ({ volumeName, containerPath })),
      ...Object.entries(args.readOnlyBinds ?? {}).map(([hostPath, containerPath]) => ({ hostPath, containerPath, readOnly: true })),
    ],
    ports: (args.ports ?? []).map((p) => ({ internal: p.internal, external: p.external ?? p.internal, ip: "127.0.0.1" })),
    healthcheck: args.healthcheck === undefined ? undefined : { tests: ["CMD", ...args.healthcheck], interval: "10s", timeout: "5s", retries: 6 },
  }, opts);
}
