import { DEMO_NOTICE } from "~/config/build-flavour";

/**
 * Heads every page of the demo build, the error pages included (ADR 018), so that nobody takes the demo for a force's
 * portal or types something real into it. Part of the header landmark; black on yellow, well above 4.5:1.
 */
export function DemoBanner() {
  return (
    <div className="border-b-4 border-black bg-focus text-black">
      {/* Room on the right for the quick exit, which stays fixed at the top right over everything. */}
      <p className="mx-auto max-w-5xl py-2 pl-4 pr-36 sm:pr-40">
        <strong className="mr-2 inline-block bg-black px-2 uppercase tracking-wide text-focus">Demo</strong>
        {DEMO_NOTICE}
      </p>
    </div>
  );
}
