import type * as k8s from "@pulumi/kubernetes";
import type { Storage } from "../../config";
import { gibQuantity } from "./resources";

/** The name of the data volume in a pod template, whichever way it is backed. */
export const DATA_VOLUME = "data";

/** A StatefulSet's data volume: a claim template per replica when storage is enabled, an emptyDir otherwise. */
export interface DataVolume {
  /** Pod volumes to add (the emptyDir, or nothing when claims back the volume). */
  volumes: k8s.types.input.core.v1.Volume[];
  /** `volumeClaimTemplates` of the StatefulSet. */
  claimTemplates: k8s.types.input.core.v1.PersistentVolumeClaim[];
}

/** The `data` volume of a StatefulSet from the config's `Storage`; `labels` go on each claim. */
export function dataVolume(storage: Storage, labels: Record<string, string>): DataVolume {
  if (!storage.enabled) return { volumes: [{ name: DATA_VOLUME, emptyDir: {} }], claimTemplates: [] };
  return {
    volumes: [],
    claimTemplates: [{
      metadata: { name: DATA_VOLUME, labels },
      spec: {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: gibQuantity(storage.sizeGb) } },
        ...(storage.storageClass === undefined ? {} : { storageClassName: storage.storageClass }),
      },
    }],
  };
}
