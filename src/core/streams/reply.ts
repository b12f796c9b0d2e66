/** Reading XINFO-style RESP2 replies: flat `name, value, name, value, ...` arrays. */
import { text } from '../values/client';

/** A flat name/value array as a map from name to the raw value. */
export function pairs(flat: unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) out.set(text(flat[i]), flat[i + 1]);
  return out;
}

/** A numeric field (integer reply or a number sent as a bulk string); `fallback` when absent or nil. */
export function num(value: unknown, fallback: number): number;
export function num(value: unknown, fallback: null): number | null;
export function num(value: unknown, fallback: number | null): number | null {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'number' ? value : Number(text(value));
}

/** A text field (an id); undefined when absent or nil. */
export function str(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : text(value);
}
