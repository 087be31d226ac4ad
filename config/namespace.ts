/** The Pulumi config namespace of every key this project reads (`llmobs:<key>`). */
export const CONFIG_NAMESPACE = "llmobs";
