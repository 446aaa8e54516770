import type { Ability } from "@casl/ability";
import type { PrismaQueryFactory, Subjects } from "@casl/prisma/runtime";
import type { AuditEvent, Credential, Person, Prisma, RoleAssignment, Unit } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";

/** What a person can try to do. `manage` means every action. */
export type Action = "manage" | "read" | "list" | "create" | "update" | "unlock";

/** Records the rules speak about (checked per record and turned into database filters) and whole areas. */
export type RecordSubjects = Subjects<{
  Person: Person;
  Unit: Unit;
  RoleAssignment: RoleAssignment;
  Credential: Credential;
  AuditEvent: AuditEvent;
}>;
export type AreaSubject = "AdminArea" | "SecurityOverview";
export type AppSubject = RecordSubjects | AreaSubject | "all";

export type PrismaQuery<T = unknown> = PrismaQueryFactory<Prisma.TypeMap, T>;
export type AppAbility = Ability<[Action, AppSubject], PrismaQuery>;

/** The facts about a person that the rules may use. */
export interface PolicyPerson {
  id: string;
  forceId: string;
  unitId: string | null;
  level: number;
  roles: readonly Role[];
}
