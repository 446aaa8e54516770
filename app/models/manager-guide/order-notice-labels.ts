// Client-safe labels for notices of court orders (components cannot import .server modules).
export const ORDER_KIND_LABELS = {
  CIVIL_ORDER: "A civil court order related to domestic abuse (for example a non-molestation, occupation or protection order)",
  CHILD_CONTACT_RESTRICTION: "A restriction on contact with a child, related to domestic abuse",
} as const;
