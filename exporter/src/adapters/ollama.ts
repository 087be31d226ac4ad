import { compact, type BackendSnapshot } from "./snapshot";

const MIB = 1024 * 1024;

/** A malformed `/api/ps` answer; the message says what was expected. */
export class OllamaPsError extends Error {
  override name = "OllamaPsError";
}

/**
 * Ollama `GET /api/ps` JSON (docs/api.md, "List Running Models") -> snapshot: the loaded models and the
 * GPU memory each holds (`size_vram`, bytes -> MiB; `size` when an older Ollama omits `size_vram`).
 * Ollama has no /metrics, so queue, batch and cache signals stay absent.
 */
export function parseOllamaPs(json: unknown): BackendSnapshot {
  const models = json !== null && typeof json === "object" && "models" in json ? json.models : undefined;
  if (!Array.isArray(models)) throw new OllamaPsError('expected a JSON object with a "models" array');
  const memory: Record<string, number> = {};
  for (const entry of models) {
    const m = entry as { name?: unknown; model?: unknown; size?: unknown; size_vram?: unknown };
    const name = typeof m.name === "string" ? m.name : m.model;
    if (typeof name !== "string") throw new OllamaPsError('expected each model to have a string "name"');
    const bytes = typeof m.size_vram === "number" ? m.size_vram : m.size;
    if (typeof bytes !== "number") throw new OllamaPsError(`model "${name}": expected a numeric "size_vram" or "size"`);
    memory[name] = (memory[name] ?? 0) + bytes / MIB;
  }
  return compact({ modelsLoaded: models.length, modelMemoryMb: memory });
}
