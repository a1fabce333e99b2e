/** A string field of a parsed form, JSON body or query; '' when absent or not a string. */
export function stringField(source: unknown, name: string): string {
  if (!source || typeof source !== 'object') return '';
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
