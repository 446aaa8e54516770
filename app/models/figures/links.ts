/** The address's query for a period and area (and any more parameters): shared by the pages and their links. */
export function figuresSearch(query: { year: number; area: string }, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ year: String(query.year), area: query.area, ...extra }).toString();
}
