import type { LaunchErrorCode } from '../launch/LaunchError';

/** Every LaunchErrorCode (the Record makes the compiler insist the list is complete). */
const CODES: Record<LaunchErrorCode, true> = {
  missing_parameter: true,
  duplicate_parameter: true,
  untrusted_origin: true,
  insecure_origin: true,
  malformed_url: true,
  bad_uid: true,
  unknown_client: true,
  bad_target_link_uri: true,
  bad_token_response: true,
  authorization_denied: true,
  state_mismatch: true,
  issuer_mismatch: true,
  context_mismatch: true,
  no_session: true,
  study_not_granted: true,
  token_rejected: true,
  kheops_unreachable: true,
  bad_server_config: true,
  misconfigured: true,
  internal_error: true,
};

export const LAUNCH_ERROR_CODES = new Set(Object.keys(CODES));
