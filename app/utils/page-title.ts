/** The only name the portal shows in titles, tabs and mail: neutral, so nothing on a screen reveals its purpose. */
export const PRODUCT_NAME = "Staff Support Portal";

export function pageTitle(page?: string): string {
  return page ? `${page} – ${PRODUCT_NAME}` : PRODUCT_NAME;
}
