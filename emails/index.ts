import { accessChangeEmail } from "./access-change";
import { accountLockedEmail } from "./account-locked";
import { auditCheckpointEmail } from "./audit-checkpoint";
import { accountSetupEmail } from "./account-setup";
import { attentionNeededEmail } from "./attention-needed";
import { externalNoticeEmail } from "./external-notice";
import type { RenderedEmail } from "./layout";
import { newMessageEmail } from "./new-message";

export type { AccessChangeParams, AccessChangeState } from "./access-change";
export type { AccountLockedParams } from "./account-locked";
export type { AccountSetupParams } from "./account-setup";
export type { AttentionNeededParams, MailArrival } from "./attention-needed";
export type { AuditCheckpointParams } from "./audit-checkpoint";
export type { ExternalNoticeParams } from "./external-notice";
export type { NewMessageParams } from "./new-message";
export { PRODUCT_NAME, portalLink, type PortalLink, type RenderedEmail } from "./layout";
export { accessChangeEmail, accountLockedEmail, accountSetupEmail, attentionNeededEmail, auditCheckpointEmail, externalNoticeEmail, newMessageEmail };

export const mailTemplates = {
  "attention-needed": attentionNeededEmail,
  "account-locked": accountLockedEmail,
  "new-message": newMessageEmail,
  "external-notice": externalNoticeEmail,
  "audit-checkpoint": auditCheckpointEmail,
  "account-setup": accountSetupEmail,
  "access-change": accessChangeEmail,
} as const;

export type MailTemplateName = keyof typeof mailTemplates;
export type MailTemplateParams<Name extends MailTemplateName> = Parameters<(typeof mailTemplates)[Name]>[0];

declare const renderedByTemplate: unique symbol;

/**
 * A mail ready for the outbox. Only renderMail() makes one, so mail text cannot be written by hand elsewhere and
 * bypass the templates' checks.
 */
export interface RenderedMail extends RenderedEmail {
  template: MailTemplateName;
  readonly [renderedByTemplate]: true;
}

export function renderMail<Name extends MailTemplateName>(template: Name, params: MailTemplateParams<Name>): RenderedMail {
  const render = mailTemplates[template] as (params: MailTemplateParams<Name>) => RenderedEmail;
  return { template, ...render(params) } as RenderedMail;
}

// Shorthands for callers that queue mail: `queueMail(tx, to, accountLocked({ minutes, link }))`.
export const attentionNeeded = (params: MailTemplateParams<"attention-needed">) => renderMail("attention-needed", params);
export const accountLocked = (params: MailTemplateParams<"account-locked">) => renderMail("account-locked", params);
export const newMessage = (params: MailTemplateParams<"new-message">) => renderMail("new-message", params);
export const externalNotice = (params: MailTemplateParams<"external-notice">) => renderMail("external-notice", params);
export const auditCheckpoint = (params: MailTemplateParams<"audit-checkpoint">) => renderMail("audit-checkpoint", params);
export const accountSetup = (params: MailTemplateParams<"account-setup">) => renderMail("account-setup", params);
export const accessChange = (params: MailTemplateParams<"access-change">) => renderMail("access-change", params);
