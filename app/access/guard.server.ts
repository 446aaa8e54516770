// The one guard: every protected read, list and write goes through what this module exports, and nothing else
// imports its parts (a lint rule says so). Each decision, its act and its audit row share one transaction; a record
// the person may not reach is answered as one that does not exist (ADR 006).
//
// - guard/records.server.ts: any protected record: read, list, change, create, areas, the scope as a database filter.
// - guard/areas.server.ts: reading an area with no record-level rule (the monitoring figures), audited.
// - guard/cases.server.ts: police-suspect cases on top of that: conflicts, declarations, break-glass, and PSD's alert
//   on every attempt by someone not on the case's access list.
// - guard/case-pages.server.ts: the case sub-pages' loaders and actions, reached by reference.
// - guard/case-details.server.ts: what a case page shows, read once the scope has let the person in.
// - guard/records-retention.server.ts: rights that rest on no one record (the retention preview, the audit export).
export * from "./guard/records.server";
export * from "./guard/areas.server";
export * from "./guard/cases.server";
export * from "./guard/case-pages.server";
export * from "./guard/case-details.server";
export * from "./guard/records-retention.server";
