import type { PortalPath } from "~/utils/portal-path";
import { demoMailboxOpen } from "~/config/mail-delivery.server";
import { can } from "./guard.server";
import type { RequestContext } from "./request-context.server";

export interface NavItem {
  to: PortalPath;
  label: string;
}

/** The navigation a person sees: only the places their ability lets them in. */
export function navigationFor(context: RequestContext): NavItem[] {
  const { ability, actor } = context;
  const items: NavItem[] = [
    { to: "/", label: "Home" },
    { to: "/profile", label: "My details" },
    { to: "/account/sessions", label: "Where you’re signed in" },
    // Every employee may ask for support; the label stays neutral on a shared screen.
    { to: "/support", label: "Support" },
  ];
  if (actor.reportCount > 0) items.push({ to: "/team", label: "My team" }, { to: "/guide", label: "Conversation guide" });
  items.push({ to: "/conversations", label: "Conversations" }, { to: "/log", label: "Your log" });
  // Every employee may be the first to hear of a report, so every employee can record one.
  items.push({ to: "/records", label: "Records" });
  items.push({ to: "/notices", label: "Notices" });
  if (can(ability, "read", "CaseOversight")) items.push({ to: "/oversight", label: "Oversight" });
  if (can(ability, "read", "MonitoringFigures")) items.push({ to: "/oversight/figures", label: "Figures" });
  if (can(ability, "list", "DipSample") || can(ability, "list", "DipSampleItem")) items.push({ to: "/oversight/dip-samples", label: "Dip-sampling" });
  if (can(ability, "list", "AccessAlert")) items.push({ to: "/alerts", label: "Alerts" });
  if (can(ability, "read", "SecurityOverview")) items.push({ to: "/audit", label: "Audit trail" });
  if (can(ability, "export", "AuditEvent")) items.push({ to: "/audit/export", label: "Audit export" });
  // Retention, legal holds and subject access (docs/features/retention-and-subject-access.md).
  if (can(ability, "list", "LegalHold")) items.push({ to: "/records/holds", label: "Legal holds" });
  if (can(ability, "list", "SubjectAccessRequest")) items.push({ to: "/records/subject-access", label: "Subject access" });
  if (can(ability, "read", "AdminArea")) items.push({ to: "/admin", label: "Administration" });
  if (demoMailboxOpen()) items.push({ to: "/dev/mailbox", label: "Demo mailbox" });
  return items;
}
