interface Named {
  firstName: string;
  lastName: string;
  preferredName: string | null;
}

/** The name to address someone by: their preferred first name if they chose one. */
export function addressName(person: Named): string {
  return `${person.preferredName ?? person.firstName} ${person.lastName}`;
}

/** The full name with the preferred name as they wrote it, e.g. `Rosalind Kettleby (“Roz”)`. */
export function fullName(person: Named): string {
  const base = `${person.firstName} ${person.lastName}`;
  return person.preferredName && person.preferredName !== person.firstName ? `${base} (“${person.preferredName}”)` : base;
}
