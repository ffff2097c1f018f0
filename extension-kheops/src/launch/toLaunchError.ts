import { SettingsError } from '../KheopsSettings';
import { LaunchError } from './LaunchError';

/**
 * Any failure of a launch as the error screen shows it. A LaunchError keeps its code (and gets the way back when it
 * had none); a settings fault is the administrator's (`misconfigured`); anything else is a fault of the viewer
 * itself (`internal_error`), never described as a token fault.
 */
export function toLaunchError(err: unknown, returnUri?: string): LaunchError {
  if (err instanceof LaunchError)
    return err.returnUri || !returnUri ? err : new LaunchError(err.code, err.message, returnUri);
  if (err instanceof SettingsError)
    return new LaunchError(
      'misconfigured',
      `The viewer's configuration is wrong: ${err.message}.`,
      returnUri,
    );
  return new LaunchError(
    'internal_error',
    `The launch failed: ${err instanceof Error ? err.message : String(err)}`,
    returnUri,
  );
}
