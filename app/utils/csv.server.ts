// Every CSV file the portal hands out is written here, with csv-stringify, so that all of them are safe to open in a
// spreadsheet: a cell that starts like a formula (=, +, -, @, a tab or a carriage return, or their full-width
// forms) gets a leading apostrophe, so it is shown as text instead of being run (OWASP's "CSV injection").
import { Readable, pipeline } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { stringify as stringifyStream, type Options } from "csv-stringify";
import { stringify } from "csv-stringify/sync";

/** A row of cells; null is an empty cell. */
export type CsvRow = readonly (string | null)[];

const OPTIONS: Options = {
  escape_formulas: true,
  // RFC 4180 line ends, which is what spreadsheet programs expect.
  record_delimiter: "windows",
  // Quote a cell holding any line break, not only \r\n: csv-stringify stops doing so once record_delimiter is set.
  quote_record_delimiter: true,
};

/** The whole file at once, for exports small enough to hold in memory. */
export function csvDocument(header: CsvRow, rows: Iterable<CsvRow>): string {
  return stringify([header, ...rows], OPTIONS);
}

/**
 * The file as a stream of bytes for a Response body: the header, then each page of rows as `pages` yields it, read
 * only as fast as the client takes the file. If reading a page fails the stream errors, so the download is cut off
 * rather than ending as a file that looks complete.
 */
export function csvStream(header: CsvRow, pages: AsyncIterable<readonly CsvRow[]>): ReadableStream<Uint8Array> {
  async function* records() {
    yield header;
    for await (const page of pages) yield* page;
  }
  const csv = stringifyStream(OPTIONS);
  // pipeline destroys both ends if either fails or the client goes away, which stops reading pages; the error
  // itself reaches the client as the stream's error, so there is nothing more to do with it here.
  pipeline(Readable.from(records()), csv, () => {});
  // Node's web stream type and the DOM one that Response takes are the same object at run time.
  return Readable.toWeb(csv) as NodeReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>;
}
