import { LaunchError } from './LaunchError';

const MAX_SECRET_LENGTH = 8192;

/** The parameters of one part of a launch URL (its query or its fragment), read the way every style needs. */
export class LaunchParams {
  constructor(private readonly p: URLSearchParams) {}

  has(name: string): boolean {
    return this.p.has(name);
  }

  /** A parameter that must appear at most once (a second copy is a parameter-pollution attempt). */
  one(name: string): string | undefined {
    const all = this.p.getAll(name);
    if (all.length > 1)
      throw new LaunchError('duplicate_parameter', `The launch parameter "${name}" appears more than once.`);
    return all[0];
  }

  required(name: string): string {
    const v = this.one(name);
    if (v === undefined || v === '')
      throw new LaunchError('missing_parameter', `The launch is missing "${name}".`);
    return v;
  }

  secret(name: string): string {
    const v = this.required(name);
    if (v.length > MAX_SECRET_LENGTH || /\s/.test(v))
      throw new LaunchError('malformed_url', `The launch parameter "${name}" is malformed.`);
    return v;
  }

  /** Repeated and/or comma/semicolon separated values of any of the names, in order. */
  list(...names: string[]): string[] {
    return names
      .flatMap((n) => this.p.getAll(n))
      .flatMap((v) => v.split(/[,;]/))
      .map((v) => v.trim())
      .filter(Boolean);
  }
}

/** A launch URL as the styles look at it: its query and its fragment. */
export interface LaunchUrl {
  query: LaunchParams;
  fragment: LaunchParams;
}

export function readLaunchUrl(href: string): LaunchUrl {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new LaunchError('malformed_url', 'The address of this page is not a valid URL.');
  }
  return {
    query: new LaunchParams(url.searchParams),
    fragment: new LaunchParams(new URLSearchParams(url.hash.replace(/^#/, ''))),
  };
}
