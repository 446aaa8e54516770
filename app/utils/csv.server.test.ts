import { describe, expect, it } from "vitest";
import { csvDocument, csvStream, type CsvRow } from "./csv.server";

const HEADER = ["Name", "Note"];

async function* pagesOf(...pages: CsvRow[][]) {
  for (const page of pages) yield page;
}

describe("CSV files", () => {
  it("make a cell that a spreadsheet would run as a formula plain text", () => {
    const rows = ['=HYPERLINK("http://example.invalid")', "+1+2", "-3+4", "@SUM(A1)", "\tTab first", "\rReturn first", "＝full-width"].map((text) => [
      "Fictional",
      text,
    ]);
    const lines = csvDocument(HEADER, rows).split("\r\n");
    expect(lines.slice(1, -1)).toEqual([
      `Fictional,"'=HYPERLINK(""http://example.invalid"")"`,
      "Fictional,'+1+2",
      "Fictional,'-3+4",
      "Fictional,'@SUM(A1)",
      "Fictional,'\tTab first",
      `Fictional,"'\rReturn first"`,
      "Fictional,'＝full-width",
    ]);
  });

  it("leave ordinary text alone, even with a formula sign further in", () => {
    expect(
      csvDocument(HEADER, [
        ["Fictional", "Called at 10:00 = twice"],
        ["A. Person", null],
      ]),
    ).toBe("Name,Note\r\nFictional,Called at 10:00 = twice\r\nA. Person,\r\n");
  });

  it("quote cells holding a comma, a quote or a line break, and double the quotes", () => {
    expect(
      csvDocument(HEADER, [
        ["Smith, A.", 'She said "no"'],
        ["Line one\nline two", "Windows\r\nbreak"],
      ]),
    ).toBe('Name,Note\r\n"Smith, A.","She said ""no"""\r\n"Line one\nline two","Windows\r\nbreak"\r\n');
  });

  it("stream the same file as the whole-file form, page by page", async () => {
    const first: CsvRow[] = [
      ["One", "=1+1"],
      ["Two", "a, b"],
    ];
    const second: CsvRow[] = [["Three", null]];
    const streamed = await new Response(csvStream(HEADER, pagesOf(first, [], second))).text();
    expect(streamed).toBe(csvDocument(HEADER, [...first, ...second]));
  });

  it("cut a streamed file off, rather than end it as if complete, when a page cannot be read", async () => {
    async function* failing() {
      yield [["One", "fine"]] as CsvRow[];
      throw new Error("the database went away");
    }
    await expect(new Response(csvStream(HEADER, failing())).text()).rejects.toThrow();
  });
});
