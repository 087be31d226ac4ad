import { singleModelParser } from "./single-model";

/** Text Generation Inference native names (huggingface.co/docs/text-generation-inference, "Metrics"). */
export const TGI_METRICS = {
  prefix: "tgi_",
  queue: ["tgi_queue_size"],
  running: ["tgi_batch_current_size"],
} as const;

/** TGI `/metrics` -> snapshot: the router batches continuously, so the current batch is what runs. */
export const parseTgiMetrics = singleModelParser(TGI_METRICS);
