/** Value encodings on the wire (dms-api.md §2.1) ↔ the TypeScript API. */
import type { InstanceId, PropertySpec } from "./_spec.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** What a CDF `json` property holds: a JSON object (dms-api.md §3.2; arrays and scalars are rejected). */
export type JsonObject = { [key: string]: JsonValue };

const OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** ISO-8601 with milliseconds and an explicit `+00:00` offset, as CDF returns timestamps. */
export function formatTimestamp(value: Date): string {
  return `${value.toISOString().slice(0, -1)}+00:00`;
}

/** Parses a CDF timestamp string; a missing offset is read as UTC (never as local time). */
export function parseTimestamp(value: string): Date {
  let text = value;
  if (!OFFSET.test(text)) text = `${text}Z`;
  else if (/[+-]\d{2}$/.test(text)) text = `${text}:00`;
  return new Date(text);
}

/** `YYYY-MM-DD` from a `Date` (its UTC calendar day) or a validated string. */
export function formatDate(value: Date | string): string {
  if (typeof value === "string") return value;
  return value.toISOString().slice(0, 10);
}

export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isInstanceId(value: unknown): value is InstanceId {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as InstanceId).space === "string" &&
    typeof (value as InstanceId).externalId === "string"
  );
}

/** Only `{space, externalId}` goes on the wire, even when a whole read instance is passed. */
export function toInstanceId(value: InstanceId): InstanceId {
  return { space: value.space, externalId: value.externalId };
}

// ---------------------------------------------------------------------------------------------- read

export type Decoder = (raw: unknown) => unknown;

function decodeScalar(spec: PropertySpec): Decoder | null {
  switch (spec.type) {
    case "timestamp":
      return (raw) => (typeof raw === "string" ? parseTimestamp(raw) : raw);
    case "direct":
      return (raw) => (isInstanceId(raw) ? toInstanceId(raw) : raw);
    default:
      return null; // the JSON value is already the API value
  }
}

/** A decoder for one property, or `null` when the wire value is used as is (the fast path). */
export function decoderFor(spec: PropertySpec): Decoder | null {
  const scalar = decodeScalar(spec);
  if (scalar === null) return null;
  if (!spec.list) return (raw) => (raw === null || raw === undefined ? null : scalar(raw));
  return (raw) => (Array.isArray(raw) ? raw.map(scalar) : raw === undefined ? null : raw);
}

// --------------------------------------------------------------------------------------------- write

export class ValueError extends Error {}

const INT32 = [-2147483648, 2147483647] as const;

function encodeScalar(spec: PropertySpec, value: unknown): unknown {
  switch (spec.type) {
    case "text":
    case "timeseries":
    case "file":
    case "sequence":
      if (typeof value !== "string") throw new ValueError(`expected a string, got ${show(value)}`);
      return value;
    case "enum":
      if (typeof value !== "string") throw new ValueError(`expected a string, got ${show(value)}`);
      if (spec.values && !spec.values.includes(value)) {
        throw new ValueError(
          `expected one of ${spec.values.map((v) => `'${v}'`).join(", ")}, got ${show(value)}`,
        );
      }
      return value;
    case "int32":
    case "int64": {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new ValueError(`expected an integer, got ${show(value)}`);
      }
      if (spec.type === "int32" && (value < INT32[0] || value > INT32[1])) {
        throw new ValueError(`expected a 32-bit integer, got ${value}`);
      }
      if (spec.type === "int64" && !Number.isSafeInteger(value)) {
        throw new ValueError(`expected an integer within ±(2^53 - 1), got ${value}`);
      }
      return value;
    }
    case "float32":
    case "float64":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new ValueError(`expected a finite number, got ${show(value)}`);
      }
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw new ValueError(`expected true or false, got ${show(value)}`);
      return value;
    case "timestamp": {
      let at: Date | null = null;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new ValueError("expected a valid Date, got Invalid Date");
        at = value;
      } else if (typeof value === "string" && TIMESTAMP.test(value)) {
        const parsed = parseTimestamp(value);
        if (!Number.isNaN(parsed.getTime())) at = parsed;
      }
      if (at === null) {
        throw new ValueError(`expected a Date or an ISO-8601 string with an offset, got ${show(value)}`);
      }
      checkYear(at, value);
      return formatTimestamp(at);
    }
    case "date":
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new ValueError("expected a valid Date, got Invalid Date");
        checkYear(value, value);
        return formatDate(value);
      }
      if (typeof value === "string" && isValidDate(value)) return value;
      throw new ValueError(`expected a 'YYYY-MM-DD' string or a Date, got ${show(value)}`);
    case "json":
      // CDF stores JSON objects only (dms-api.md §3.2): arrays and scalars must be wrapped in one.
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new ValueError(`expected a JSON object (wrap arrays and scalars in one), got ${show(value)}`);
      }
      checkJson(value, "");
      return value;
    case "direct":
      if (!isInstanceId(value)) throw new ValueError(`expected {space, externalId}, got ${show(value)}`);
      return toInstanceId(value);
  }
}

/** CDF stores timestamps and dates of the years 0001-9999 (UTC); outside them the ISO string is not even valid. */
function checkYear(at: Date, value: unknown): void {
  const year = at.getUTCFullYear();
  if (year < 1 || year > 9999) {
    throw new ValueError(`expected a time in the years 0001-9999 (UTC), got ${show(value)}`);
  }
}

/** JSON values only: `NaN`/`Infinity` would silently become `null` (which clears a property in CDF). */
function checkJson(value: unknown, at: string): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ValueError(`${at ? `${at}: ` : ""}${value} is not valid JSON`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkJson(value[i], `${at}[${i}]`);
    return;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) checkJson(v, `${at}.${k}`);
    return;
  }
  throw new ValueError(`${at ? `${at}: ` : ""}expected a JSON value, got ${show(value)}`);
}

/** Encodes (and validates) a value for writing; `null` passes through as "clear this property". */
export function encodeValue(spec: PropertySpec, value: unknown): unknown {
  if (value === null) {
    if (spec.nullable === false) throw new ValueError("is required (not nullable), got null");
    return null;
  }
  if (spec.list) {
    if (!Array.isArray(value)) throw new ValueError(`expected an array, got ${show(value)}`);
    return value.map((v, i) => {
      try {
        return encodeScalar(spec, v);
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        const sep = error.message.startsWith(".") || error.message.startsWith("[") ? "" : ": ";
        throw new ValueError(`[${i}]${sep}${error.message}`);
      }
    });
  }
  return encodeScalar(spec, value);
}

/** Encodes a filter value: Dates become ISO / `YYYY-MM-DD` strings, instances become ids. */
export function encodeFilterValue(type: PropertyType | "epoch", value: unknown): unknown {
  if (type === "epoch") return value instanceof Date ? value.getTime() : value;
  if (type === "timestamp" || type === "date") {
    try {
      return encodeScalar({ id: "filter", type }, value);
    } catch (error) {
      if (error instanceof ValueError) throw new TypeError(`filter value: ${error.message}`);
      throw error;
    }
  }
  if (type === "direct" && isInstanceId(value)) return toInstanceId(value);
  return value;
}

type PropertyType = PropertySpec["type"];

export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value instanceof Date)
    return `Date(${Number.isNaN(value.getTime()) ? "Invalid" : value.toISOString()})`;
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}
