/** Where a request came from, for the audit trail. The Express server puts the peer address in a header it controls. */
export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string | null;
}

export const CLIENT_ADDRESS_HEADER = "x-portal-client-address";

export function clientInfo(request: Request): ClientInfo {
  return {
    ipAddress: request.headers.get(CLIENT_ADDRESS_HEADER),
    userAgent: request.headers.get("user-agent"),
  };
}
