/** A JSON object (not an array, not null): the shape every message of the service and every REST reply has. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
