/** Registry credentials, wherever they came from (flags, config.json `auths`, a credential helper). */
export interface Credentials {
  username: string;
  password: string;
  /** OAuth2 refresh token (`identitytoken` in config.json, e.g. written by `az acr login`, or a helper's `<token>` answer). */
  identityToken?: string;
}
