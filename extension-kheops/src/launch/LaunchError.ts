/** Why a launch was refused. Each code maps to one sentence a radiologist or an administrator can act on. */
export type LaunchErrorCode =
  | 'missing_parameter'
  | 'duplicate_parameter'
  | 'untrusted_origin'
  | 'insecure_origin'
  | 'malformed_url'
  | 'bad_uid'
  | 'unknown_client'
  | 'bad_target_link_uri'
  | 'bad_token_response'
  | 'authorization_denied'
  | 'state_mismatch'
  | 'issuer_mismatch'
  | 'context_mismatch'
  | 'no_session'
  | 'study_not_granted'
  | 'token_rejected'
  | 'kheops_unreachable'
  /** KHEOPS publishes a configuration document the viewer cannot use (missing field, not JSON…). */
  | 'bad_server_config'
  /** This viewer's own configuration is wrong (app-config.js): an administrator must fix it, not the user. */
  | 'misconfigured'
  /** A fault in the viewer itself (a bug): neither the token nor the user is to blame. */
  | 'internal_error';

export class LaunchError extends Error {
  override readonly name = 'LaunchError';

  constructor(
    readonly code: LaunchErrorCode,
    message: string,
    /** Where to send the user back: only ever a URL on a trusted KHEOPS origin. */
    readonly returnUri?: string,
  ) {
    super(message);
  }
}
