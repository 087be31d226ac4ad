/** The query the collector runs; the column order is what parseNvidiaSmiCsv expects. */
export const NVIDIA_SMI_ARGS = [
  "--query-gpu=index,memory.used,memory.total,utilization.gpu,temperature.gpu",
  "--format=csv,noheader,nounits",
] as const;

/** One GPU's reading; a field nvidia-smi reports as `[N/A]` or `[Not Supported]` is absent. */
export interface GpuReading {
  /** GPU index as nvidia-smi numbers it (the `gpu` label). */
  gpu: string;
  /** Memory in use, MiB. */
  memoryUsedMb?: number;
  /** Memory capacity, MiB. */
  memoryTotalMb?: number;
  /** Compute utilisation, percent 0-100. */
  utilizationPct?: number;
  /** Temperature, degrees Celsius. */
  temperatureCelsius?: number;
}

/** Output the parser cannot read; the message names the line. */
export class NvidiaSmiParseError extends Error {
  override name = "NvidiaSmiParseError";
}

function field(raw: string, lineNo: number, column: string): number | undefined {
  // nvidia-smi prints "[N/A]" or "[Not Supported]" (brackets included) for values a GPU cannot report.
  if (/^\[.*\]$/.test(raw) || raw === "N/A") return undefined;
  const value = Number(raw);
  if (raw === "" || !Number.isFinite(value)) throw new NvidiaSmiParseError(`line ${lineNo}: ${column} = "${raw}" is not a number`);
  return value;
}

/** Parses the CSV of NVIDIA_SMI_ARGS (`0, 40536, 81920, 87, 71` per GPU). */
export function parseNvidiaSmiCsv(text: string): GpuReading[] {
  const readings: GpuReading[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "") continue;
    const cols = line.split(",").map((c) => c.trim());
    if (cols.length !== 5) throw new NvidiaSmiParseError(`line ${i + 1}: expected 5 comma-separated columns, got ${cols.length}`);
    const [index = "", used = "", total = "", util = "", temp = ""] = cols;
    if (!/^\d+$/.test(index)) throw new NvidiaSmiParseError(`line ${i + 1}: index = "${index}" is not a GPU index`);
    const reading: GpuReading = { gpu: index };
    const values = {
      memoryUsedMb: field(used, i + 1, "memory.used"),
      memoryTotalMb: field(total, i + 1, "memory.total"),
      utilizationPct: field(util, i + 1, "utilization.gpu"),
      temperatureCelsius: field(temp, i + 1, "temperature.gpu"),
    };
    for (const [key, value] of Object.entries(values)) if (value !== undefined) reading[key as keyof typeof values] = value;
    readings.push(reading);
  }
  return readings;
}
