import type { RequestLogEntry } from './types';

export const HOSTILE_TOKEN_MODES = ['html-500', 'not-json', 'garbage', 'wrong-aud'] as const;
export type HostileTokenMode = (typeof HOSTILE_TOKEN_MODES)[number];

/** Mutable test-time state: fault injection and the DICOMweb request log. */
export class SandboxState {
  readonly requests: RequestLogEntry[] = [];
  tokenEndpointDownUntil = 0;
  tokenEndpointSlowUntil = 0;
  tokenEndpointSlowMs = 0;
  stowFailuresLeft = 0;
  stowFailureStatus = 503;
  /** The next STOWs are answered as stored, but the PACS loses what they stored right after. */
  stowLossesLeft = 0;
  /** The next STOWs not failed on purpose are answered this much later (KHEOPS busy or a slow link). */
  stowDelaysLeft = 0;
  stowDelayMs = 0;
  /** How the next token responses are spoiled (a hostile or broken authorization server), and how many. */
  tokenEndpointHostile: { mode: HostileTokenMode; left: number } = { mode: 'html-500', left: 0 };
  /** Until then the viewer origin answers 503 for its report-provider configuration documents. */
  viewerConfigDownUntil = 0;

  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > 50_000) this.requests.splice(0, this.requests.length - 50_000);
  }

  /** The hostile mode for this token response, if one is armed. */
  takeHostileTokenResponse(): HostileTokenMode | undefined {
    if (this.tokenEndpointHostile.left <= 0) return undefined;
    this.tokenEndpointHostile.left -= 1;
    return this.tokenEndpointHostile.mode;
  }

  /** Whether the PACS loses what this STOW stored. */
  takeStowLoss(): boolean {
    if (this.stowLossesLeft <= 0) return false;
    this.stowLossesLeft -= 1;
    return true;
  }

  /** Returns the status to fail the next STOW with, or 0 to let it through. */
  takeStowFailure(): number {
    if (this.stowFailuresLeft <= 0) return 0;
    this.stowFailuresLeft -= 1;
    return this.stowFailureStatus;
  }

  /** Milliseconds to hold the next STOW before KHEOPS handles it (0: none). */
  takeStowDelay(): number {
    if (this.stowDelaysLeft <= 0) return 0;
    this.stowDelaysLeft -= 1;
    return this.stowDelayMs;
  }
}
