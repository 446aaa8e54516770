interface SharedDetailsProps {
  isOwn: boolean;
  identity: { name: string; pronouns: string | null; workEmail: string } | null;
  wanted: { supportWanted: string; message: string } | null;
  safeContact: { safeChannels: string[]; unsafeChannels: string[]; safeTimes: string; safeContactNote: string; safeWord: string } | null;
}

/** What the employee chose to share with the person reading: each part, or that it was not shared. */
export function SharedDetails({ isOwn, identity, wanted, safeContact }: SharedDetailsProps) {
  return (
    <>
      <h2>{isOwn ? "What you shared with the service" : "What they chose to share with you"}</h2>
      <section aria-label="Shared details" className="mb-6">
        <h3 className="font-semibold">Who asked</h3>
        {identity ? (
          <p className="mb-3">
            {identity.name}
            {identity.pronouns ? ` (${identity.pronouns})` : ""}, {identity.workEmail}
          </p>
        ) : (
          <p className="mb-3">Not shared. You can reply through messages here.</p>
        )}
        <h3 className="font-semibold">What they wrote</h3>
        {wanted ? (
          <>
            <p className="mb-1 whitespace-pre-wrap">Help wanted: {wanted.supportWanted || "not said"}</p>
            <p className="mb-3 whitespace-pre-wrap">{wanted.message || "Nothing beyond “please contact me”."}</p>
          </>
        ) : (
          <p className="mb-3">Not shared.</p>
        )}
        <h3 className="font-semibold">Safe contact</h3>
        {safeContact ? (
          <dl className="mb-3 grid grid-cols-[auto_1fr] gap-x-6">
            <dt>Safe ways</dt>
            <dd>{safeContact.safeChannels.join(", ") || "—"}</dd>
            <dt>Do NOT use</dt>
            <dd>{safeContact.unsafeChannels.join(", ") || "—"}</dd>
            <dt>Safe times</dt>
            <dd>{safeContact.safeTimes || "—"}</dd>
            <dt>Other</dt>
            <dd>{safeContact.safeContactNote || "—"}</dd>
            <dt>Safe word</dt>
            <dd>{safeContact.safeWord || "—"}</dd>
          </dl>
        ) : (
          <p className="mb-3">Not shared: contact them only through messages here.</p>
        )}
      </section>
    </>
  );
}
