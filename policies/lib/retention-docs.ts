import { embeddedJson, isObject } from "./documents";
import { configFiles, containerTexts, type ResourceView } from "./resources";

/** A retention an Elasticsearch object declares: an ILM delete phase or a data stream lifecycle. */
export interface RetentionDefinition {
  resource: ResourceView;
  /** Field path, for messages: `data["ilm-policy.json"] policy.phases.delete.min_age`. */
  field: string;
  /** The duration text, undefined when the object has no delete phase (keeps data forever). */
  value: string | undefined;
  kind: "ilm" | "lifecycle";
}

/**
 * Every ILM policy (`{policy: {phases}}`) and index template / data stream lifecycle (`template.lifecycle.
 * data_retention`) the stack carries: in config files wherever they are mounted from, or on the command line of
 * the Job that applies them.
 */
export function elasticsearchRetention(resources: readonly ResourceView[]): RetentionDefinition[] {
  const out: RetentionDefinition[] = [];
  for (const r of resources) {
    for (const file of [...configFiles(r), ...containerTexts(r)]) {
      for (const doc of embeddedJson(file)) {
        if (!isObject(doc)) continue;
        const phases = isObject(doc.policy) && isObject(doc.policy.phases) ? doc.policy.phases : isObject(doc.phases) ? doc.phases : undefined;
        if (phases) {
          const minAge = isObject(phases.delete) ? phases.delete.min_age : undefined;
          out.push({ resource: r, field: `${file.field} policy.phases.delete.min_age`, value: minAge === undefined ? undefined : String(minAge), kind: "ilm" });
        }
        const lifecycle = isObject(doc.template) && isObject(doc.template.lifecycle) ? doc.template.lifecycle : isObject(doc.lifecycle) ? doc.lifecycle : undefined;
        if (lifecycle) {
          const at = isObject(doc.template) ? "template.lifecycle.data_retention" : "lifecycle.data_retention";
          out.push({ resource: r, field: `${file.field} ${at}`, value: lifecycle.data_retention === undefined ? undefined : String(lifecycle.data_retention), kind: "lifecycle" });
        }
      }
    }
  }
  return out;
}
