// Single sign-on with the force's identity provider (OpenID Connect, ADR 031): its settings from the environment, and
// the provider's metadata, fetched once (again after a failure) by openid-client.
import * as oidc from "openid-client";
import { env } from "~/config/env.server";

export interface SsoSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  emailClaim: string;
  mfaAmr: readonly string[];
  mfaAcr: readonly string[];
  redirectUri: string;
}

export const SSO_CALLBACK_PATH = "/sign-in/sso/callback";

/** The settings, or null when single sign-on is not configured. */
export function ssoSettings(): SsoSettings | null {
  const config = env();
  if (!config.SSO_ISSUER_URL || !config.SSO_CLIENT_ID || !config.SSO_CLIENT_SECRET) return null;
  return {
    issuer: new URL(config.SSO_ISSUER_URL),
    clientId: config.SSO_CLIENT_ID,
    clientSecret: config.SSO_CLIENT_SECRET,
    emailClaim: config.SSO_EMAIL_CLAIM,
    mfaAmr: config.SSO_MFA_AMR,
    mfaAcr: config.SSO_MFA_ACR,
    redirectUri: new URL(SSO_CALLBACK_PATH, config.PORTAL_BASE_URL).href,
  };
}

/** Whether the password form is offered and accepted (PASSWORD_SIGN_IN, only "off" with single sign-on configured). */
export function passwordSignInEnabled(): boolean {
  return env().PASSWORD_SIGN_IN === "on";
}

const discovered = new Map<string, Promise<oidc.Configuration>>();

/**
 * The provider's configuration from its discovery document. Plain http is accepted for a provider on this machine
 * only (the environment refuses it elsewhere): the test suite's provider.
 */
export function providerConfiguration(settings: SsoSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuer.href} ${settings.clientId}`;
  let configuration = discovered.get(key);
  if (!configuration) {
    const insecure = settings.issuer.protocol === "http:";
    configuration = oidc.discovery(
      settings.issuer,
      settings.clientId,
      undefined,
      oidc.ClientSecretBasic(settings.clientSecret),
      insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    );
    discovered.set(key, configuration);
    // A provider that was down is asked again next time.
    configuration.catch(() => discovered.delete(key));
  }
  return configuration;
}

/**
 * Whether the validated ID token says the person signed in with more than one factor at the provider: an `amr` value
 * (RFC 8176) or the `acr` among those configured. Anything else, including no claim at all, is not MFA.
 */
export function providerAssertsMfa(claims: Readonly<Record<string, unknown>>, settings: Pick<SsoSettings, "mfaAmr" | "mfaAcr">): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((value): value is string => typeof value === "string") : [];
  if (amr.some((value) => settings.mfaAmr.includes(value))) return true;
  return typeof claims.acr === "string" && settings.mfaAcr.includes(claims.acr);
}
