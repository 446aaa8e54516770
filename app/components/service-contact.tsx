/** A support service's telephone number (as a link to call) and email address, where it has them. */
export function ServiceContact({ phone, email }: { phone: string | null; email: string | null }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4">
      {phone ? (
        <>
          <dt className="font-semibold">Phone</dt>
          <dd>
            <a href={`tel:${phone.replace(/\s+/g, "")}`}>{phone}</a>
          </dd>
        </>
      ) : null}
      {email ? (
        <>
          <dt className="font-semibold">Email</dt>
          <dd>{email}</dd>
        </>
      ) : null}
    </dl>
  );
}
