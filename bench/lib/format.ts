// Number formatting for the tables: few significant digits, because the machines are noisy.

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(1)} µs`;
  return `${(ms * 1e6).toFixed(0)} ns`;
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a';
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Formats a multiple such as "23.9×" with one decimal, enough for factors that are far from 1. */
export function formatFactor(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)}×` : 'n/a';
}

/** Throughput in MiB/s for `bytes` processed in `ms`. */
export function formatThroughput(bytes: number, ms: number): string {
  if (ms <= 0) return 'n/a';
  return `${(bytes / 1024 ** 2 / (ms / 1000)).toFixed(1)}`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
