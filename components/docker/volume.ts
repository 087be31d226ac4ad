import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { PART_OF } from "../kubernetes/labels";

/** A named Docker volume whose data outlives the container, labelled as part of the stack. */
export function stackVolume(name: string, volumeName: string, opts: pulumi.CustomResourceOptions): docker.Volume {
  return new docker.Volume(name, {
    name: volumeName,
    labels: [{ label: "app.kubernetes.io/part-of", value: PART_OF }],
  }, opts);
}
