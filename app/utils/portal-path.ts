/** An address in the portal, written from its root (`/records`, `/admin/people?page=2`): what an `AppLink` takes. */
export type PortalPath = `/${string}`;
