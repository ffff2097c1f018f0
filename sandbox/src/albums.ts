import type { Principal } from './types';

// KHEOPS keeps studies in albums; a user reaches a study through an album they belong to
// (Authorization/.../user/AlbumUserPermissions.java). The sandbox has one demo user and one demo album.

export interface User {
  sub: string;
  name: string;
  email: string;
}

export interface Album {
  id: string;
  name: string;
  /** sub -> is album admin */
  members: Map<string, { admin: boolean }>;
  /** album flag add_series: members may add series (scope `write` for viewer tokens) */
  addSeries: boolean;
  studies: Set<string>;
}

export const DEMO_USER: User = {
  sub: 'demo-radiologist',
  name: 'Demo Radiologist',
  email: 'demo@kheops.test',
};
export const DEMO_ALBUM_ID = 'demoAlbum0000000000001';

export class AlbumStore {
  readonly users = new Map<string, User>([[DEMO_USER.sub, DEMO_USER]]);
  readonly albums = new Map<string, Album>();

  constructor() {
    this.albums.set(DEMO_ALBUM_ID, {
      id: DEMO_ALBUM_ID,
      name: 'Demo album',
      members: new Map([[DEMO_USER.sub, { admin: true }]]),
      addSeries: true,
      studies: new Set(),
    });
  }

  album(id: string): Album | undefined {
    return this.albums.get(id);
  }

  addStudy(albumId: string, studyUID: string): void {
    this.albums.get(albumId)?.studies.add(studyUID);
  }

  isMember(sub: string, albumId: string): boolean {
    return this.albums.get(albumId)?.members.has(sub) ?? false;
  }

  isAdmin(sub: string, albumId: string): boolean {
    return this.albums.get(albumId)?.members.get(sub)?.admin ?? false;
  }

  /** Studies a user reaches through any of their albums. */
  studiesOfUser(sub: string): Set<string> {
    const out = new Set<string>();
    for (const a of this.albums.values()) if (a.members.has(sub)) a.studies.forEach((s) => out.add(s));
    return out;
  }

  /** ReportProviderPrincipal / ViewerPrincipal / UserPrincipal: may this principal read the study? */
  canRead(p: Principal, studyUID: string): boolean {
    if (!p.scopes.includes('read')) return false;
    if (p.studyUIDs && !p.studyUIDs.includes(studyUID)) return false;
    if (p.albumId) return this.albums.get(p.albumId)?.studies.has(studyUID) ?? false;
    if (p.kind === 'external') return p.studyUIDs !== null;
    return this.studiesOfUser(p.sub).has(studyUID);
  }

  /** hasSeriesAddAccess: write scope and the study within the token's reach. */
  canWrite(p: Principal, studyUID: string): boolean {
    if (!p.scopes.includes('write')) return false;
    if (p.studyUIDs && !p.studyUIDs.includes(studyUID)) return false;
    if (p.albumId) return this.albums.get(p.albumId)?.studies.has(studyUID) ?? false;
    if (p.kind === 'external') return p.studyUIDs !== null;
    return this.studiesOfUser(p.sub).has(studyUID);
  }

  /** Studies a QIDO /studies may list for this principal. */
  visibleStudies(p: Principal): Set<string> {
    const reach = p.albumId
      ? new Set(this.albums.get(p.albumId)?.studies ?? [])
      : p.kind === 'external'
        ? new Set(p.studyUIDs ?? [])
        : this.studiesOfUser(p.sub);
    if (!p.studyUIDs) return reach;
    return new Set(p.studyUIDs.filter((s) => reach.has(s)));
  }
}
