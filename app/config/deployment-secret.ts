// A secret the deployment build must be given (ADR 022, ADR 029): the deployment refuses to start without it (except
// under Vitest, NODE_ENV=test) or with the public demo value; every other build falls back to the demo value.
import type { BuildFlavour } from "./build-flavour";

const MIN_SECRET_LENGTH = 32;

export interface DeploymentSecret {
  /** The variable's name, as the operator sets it. */
  name: string;
  /** The public value the demo, end-to-end and benchmark builds use. */
  demoValue: string;
  /** What the secret protects, for the refusal's message. */
  purpose: string;
}

export function resolveDeploymentSecret(secret: DeploymentSecret, flavour: BuildFlavour, value: string | undefined, nodeEnv: string | undefined): string {
  const given = value || undefined;
  if (flavour === "deployment") {
    if (given === secret.demoValue) {
      throw new Error(`The portal cannot start: ${secret.name} is the public demo key. Set a secret of your own (e.g. \`openssl rand -base64 48\`).`);
    }
    if (!given && nodeEnv !== "test") {
      throw new Error(
        `The portal cannot start: ${secret.name} is not set. ${secret.purpose}: set ${secret.name} to at least ${MIN_SECRET_LENGTH} random characters ` +
          "(e.g. `openssl rand -base64 48`) and keep it out of the database and its backups.",
      );
    }
  }
  const key = given ?? secret.demoValue;
  if (key.length < MIN_SECRET_LENGTH) throw new Error(`The portal cannot start: ${secret.name} must be at least ${MIN_SECRET_LENGTH} characters long.`);
  return key;
}
