import { describe, expect, it } from "vitest";
import { externalLinks, parseGuideMarkup } from "./guide-markup";

describe("the guide's text format", () => {
  it("turns blank-line paragraphs and '- ' lines into paragraphs and lists", () => {
    expect(parseGuideMarkup("First line\ncontinues.\n\n- one\n- two\nAfter the list.")).toEqual([
      { kind: "paragraph", content: [{ kind: "text", text: "First line continues." }] },
      { kind: "list", items: [[{ kind: "text", text: "one" }], [{ kind: "text", text: "two" }]] },
      { kind: "paragraph", content: [{ kind: "text", text: "After the list." }] },
    ]);
  });

  it("makes links only to pages inside the portal", () => {
    const [block] = parseGuideMarkup("See [the form](/records/new) or [elsewhere](https://evil.example) or [x](//evil.example) or [y](javascript:alert(1))");
    expect(block).toEqual({
      kind: "paragraph",
      content: [
        { kind: "text", text: "See " },
        { kind: "link", text: "the form", href: "/records/new" },
        { kind: "text", text: " or [elsewhere](https://evil.example) or [x](//evil.example) or [y](javascript:alert(1))" },
      ],
    });
    expect(externalLinks("[a](/ok) [b](https://evil.example) [c](/%2F%2Fevil)")).toEqual(["https://evil.example", "/%2F%2Fevil"]);
  });

  it("keeps HTML as the text it is", () => {
    expect(parseGuideMarkup("<script>alert(1)</script>")).toEqual([{ kind: "paragraph", content: [{ kind: "text", text: "<script>alert(1)</script>" }] }]);
  });
});
