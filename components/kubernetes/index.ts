export { PART_OF, selectorLabels, standardLabels, type WorkloadIdentity } from "./labels";
export { NOBODY, containerSecurityContext, podSecurityContext } from "./security";
export { containerResources, gibQuantity } from "./resources";
export { httpProbe, type ProbeTiming } from "./probes";
export { CONFIG_CHECKSUM_ANNOTATION, configChecksum } from "./checksum";
export { METRICS_PORT_NAME, SCRAPE_JOB_LABEL, SCRAPE_LABEL, scrapeLabels, serviceLabelMeta } from "./scrape";
export { podDisruptionBudget, type PdbArgs } from "./pdb";
export { pickSecrets, secretFile } from "./secret-files";
export { DATA_VOLUME, dataVolume, type DataVolume } from "./storage";
