/**
 * The annotation stating how many days a store keeps its data (Elasticsearch indices, Jaeger spans), on the
 * workload and on the ConfigMap holding its retention settings, for reviewers and the policy pack.
 */
export const RETENTION_ANNOTATION = "llmobs.io/retention-days";
