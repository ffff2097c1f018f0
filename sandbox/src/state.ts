import type { RequestLogEntry } from './types';

/** Mutable test-time state: fault injection and the DICOMweb request log. */
export class SandboxState {
  readonly requests: RequestLogEntry[] = [];
  tokenEndpointDownUntil = 0;
  tokenEndpointSlowUntil = 0;
  tokenEndpointSlowMs = 0;
  stowFailuresLeft = 0;
  stowFailureStatus = 503;
  /** Until then the viewer origin answers 503 for its report-provider configuration documents. */
  viewerConfigDownUntil = 0;

  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > 50_000) this.requests.splice(0, this.requests.length - 50_000);
  }

  /** Returns the status to fail the next STOW with, or 0 to let it through. */
  takeStowFailure(): number {
    if (this.stowFailuresLeft <= 0) return 0;
    this.stowFailuresLeft -= 1;
    return this.stowFailureStatus;
  }
}
