import type { Role } from "~/generated/prisma/enums";

export const ROLE_LABELS: Record<Role, string> = {
  DA_COORDINATOR: "Domestic abuse coordinator",
  CAIU_SUPERVISOR: "CAIU supervisor",
  DUTY_INSPECTOR: "Duty inspector",
  PSD_OFFICER: "Professional standards officer",
  HEAD_OF_PSD: "Head of professional standards",
  NPCC_OFFICER: "Nominated NPCC officer",
  CHIEF_OFFICER: "Chief officer",
  DA_CHAMPION: "Workplace champion",
  STAFF_IDVA_LIAISON: "Staff IDVA liaison",
  OCCUPATIONAL_HEALTH: "Occupational health",
  WELFARE: "Welfare",
  ADMINISTRATOR: "Administrator",
  AUDITOR: "Auditor (read only)",
};
