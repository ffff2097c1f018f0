import type { LaunchErrorCode } from './LaunchError';

/**
 * What the error screen adds under each refusal's own message: who can act and how. Keyed by the code type, so a
 * new code does not compile until it has its text (an empty string adds nothing).
 */
export const LAUNCH_ERROR_HELP: Readonly<Record<LaunchErrorCode, string>> = {
  missing_parameter: 'The link that opened this window is incomplete.',
  duplicate_parameter: 'The link that opened this window was altered.',
  untrusted_origin: 'The link did not come from a KHEOPS server this viewer is configured to trust.',
  insecure_origin: 'The link points to a server that does not use a secure connection.',
  malformed_url: 'The link that opened this window is malformed.',
  bad_uid: 'The link names a study or series that is not a valid DICOM identifier.',
  unknown_client: 'KHEOPS launched a viewer registration that this viewer does not know.',
  bad_target_link_uri: 'The sign-in link points somewhere other than this viewer.',
  bad_token_response: 'KHEOPS answered the sign-in with something the viewer cannot use.',
  authorization_denied: 'KHEOPS refused the sign-in.',
  state_mismatch: 'The sign-in could not be matched to this window.',
  issuer_mismatch: 'The sign-in answer came from another server than the one the viewer asked.',
  context_mismatch: 'The link and KHEOPS disagree about which study to open.',
  no_session:
    'Viewer sessions live only in this window; a reload or a copied address cannot reopen them. Open the study again from KHEOPS: measurements not yet saved are kept on this computer and will be restored.',
  study_not_granted:
    'The study may have been removed from the album, or the link was made for another study. Open it again from KHEOPS.',
  token_rejected: 'The link may have expired or been revoked.',
  kheops_unreachable: 'Check the network connection.',
  bad_server_config:
    'The KHEOPS server publishes a configuration this viewer cannot use; its administrator needs to check it.',
  misconfigured:
    'This viewer is not configured correctly for KHEOPS (app-config.js); its administrator needs to fix it. Opening the study again will not help.',
  internal_error:
    'The viewer failed unexpectedly. If it happens again, report it to the administrator of this viewer.',
};
