import { AppLink } from "~/components/app-link";

/**
 * Shown before a manager acts on someone's absence or performance: the portal holds no HR records, so this is a
 * prompt to think first, with the guide one click away.
 */
export function AbsencePrompt() {
  return (
    <div className="callout mb-6 max-w-3xl">
      <h2 className="mb-2 text-xl">Before any absence or performance action</h2>
      <p className="mb-2">
        Lateness, sickness absence or a change in someone&apos;s work can be the effect of abuse at home. Before you start any absence or performance process,
        consider whether that could be the explanation, and whether a supportive conversation should come first.
      </p>
      <p>
        <AppLink to="/guide">Read the supportive conversation guide</AppLink>
      </p>
    </div>
  );
}
