/**
 * Environment variables that hold a secret in plain text: a name that says "secret" and a literal value that is not
 * a reference to a secret store. Used by the ECS, Cloud Run and Compose checks (Trivy's AVD-AWS-0036 idea).
 */
import type { EnvVar } from '../../model/meta.js';

const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH_?KEY|DB_?PASS|_PWD)$|^(PASSWORD|SECRET|TOKEN)_/i;
/** Names that point at a secret rather than hold one. */
const REFERENCE_NAME = /(_FILE|_PATH|_ARN|_NAME|_ID|_URL|_URI|_REF|_VERSION|_ENABLED|_TTL|_LENGTH|_HEADER)$/i;
/** Values that are references or placeholders resolved elsewhere. */
const REFERENCE_VALUE = /^(arn:|projects\/[^/]+\/secrets\/|\/run\/secrets\/|\{\{resolve:|vault:|sm:\/\/|secretsmanager:|ssm:|gcp:|azurekeyvault:|keyvault:)/i;

function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !REFERENCE_NAME.test(name);
}

/** Variables whose known, non-empty value is a plain-text secret (unknown values never count). */
export function plaintextSecrets(env: EnvVar[]): EnvVar[] {
  return env.filter((e) => {
    if (!isSecretName(e.name) || !e.value.known) return false;
    const v = e.value.value;
    return typeof v === 'string' && v.trim() !== '' && !REFERENCE_VALUE.test(v.trim());
  });
}
