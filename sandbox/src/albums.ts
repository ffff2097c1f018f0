import type { Principal } from './types';

// KHEOPS albums hold series, not studies (AS/entity/AlbumSeries.java). A principal reaches a series when an album
// in its reach holds it, and a study when it reaches at least one of its series (AS/entity/Study.java
// "Study.findByUIDAndUser" / "Study.findByStudyAndAlbum" join albumSeries). A user reaches the series of every
// album they belong to (their inbox is an album too; the sandbox has none).

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
  /** AlbumSeries: study UID -> the UIDs of the series of that study the album holds */
  series: Map<string, Set<string>>;
}

export const DEMO_USER: User = {
  sub: 'demo-radiologist',
  name: 'Demo Radiologist',
  email: 'demo@kheops.test',
};
export const DEMO_ALBUM_ID = 'demoAlbum0000000000001';

/** A second user with an album of their own: they shared only part of one study with the demo album. */
export const COLLEAGUE_USER: User = {
  sub: 'demo-colleague',
  name: 'Demo Colleague',
  email: 'colleague@kheops.test',
};
export const COLLEAGUE_ALBUM_ID = 'colleagueAlbum00000001';

export class AlbumStore {
  readonly users = new Map<string, User>([
    [DEMO_USER.sub, DEMO_USER],
    [COLLEAGUE_USER.sub, COLLEAGUE_USER],
  ]);
  readonly albums = new Map<string, Album>();

  constructor() {
    this.createAlbum(DEMO_ALBUM_ID, 'Demo album', DEMO_USER.sub);
    this.createAlbum(COLLEAGUE_ALBUM_ID, 'Colleague album', COLLEAGUE_USER.sub);
  }

  createAlbum(id: string, name: string, adminSub: string, addSeries = true): Album {
    const album: Album = {
      id,
      name,
      members: new Map([[adminSub, { admin: true }]]),
      addSeries,
      series: new Map(),
    };
    this.albums.set(id, album);
    return album;
  }

  album(id: string): Album | undefined {
    return this.albums.get(id);
  }

  /** AS/album/AlbumsSeries.java (PUT /studies/{S}/series/{Se}?album=): the album now holds this series. */
  addSeries(albumId: string, studyUID: string, seriesUID: string): void {
    const album = this.albums.get(albumId);
    if (!album) return;
    let series = album.series.get(studyUID);
    if (!series) album.series.set(studyUID, (series = new Set()));
    series.add(seriesUID);
  }

  albumHoldsSeries(albumId: string, studyUID: string, seriesUID: string): boolean {
    return this.albums.get(albumId)?.series.get(studyUID)?.has(seriesUID) ?? false;
  }

  /** Study.findByStudyAndAlbum: an album holds a study when it holds at least one of its series. */
  albumHoldsStudy(albumId: string, studyUID: string): boolean {
    return (this.albums.get(albumId)?.series.get(studyUID)?.size ?? 0) > 0;
  }

  /** Studies an album holds (some series of). */
  studiesOfAlbum(albumId: string): Set<string> {
    const album = this.albums.get(albumId);
    return new Set([...(album?.series.entries() ?? [])].filter(([, s]) => s.size > 0).map(([st]) => st));
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
    for (const a of this.albums.values())
      if (a.members.has(sub)) for (const st of this.studiesOfAlbum(a.id)) out.add(st);
    return out;
  }

  /** A series no album holds: new to KHEOPS, or an orphan (AS/series/SeriesQueries.java isOrphan). */
  private inNoAlbum(studyUID: string, seriesUID: string): boolean {
    for (const a of this.albums.values()) if (a.series.get(studyUID)?.has(seriesUID)) return false;
    return true;
  }

  /** The albums whose series this (non-viewer) principal reaches. */
  private albumsOf(p: Principal): Album[] {
    if (p.kind === 'viewer') return [];
    if (p.kind === 'report_provider') {
      // AS/principal/ReportProviderPrincipal.java: the report provider's album.
      const a = p.albumId ? this.albums.get(p.albumId) : undefined;
      return a ? [a] : [];
    }
    if (p.kind === 'album_capability') {
      // AS/principal/AlbumCapabilityPrincipal.java: the capability's album, while its creator is still an admin.
      const a = p.albumId ? this.albums.get(p.albumId) : undefined;
      return a && this.isAdmin(p.sub, a.id) ? [a] : [];
    }
    // UserPrincipal (and the sandbox's external-OP user): every album they are a member of.
    return [...this.albums.values()].filter((a) => a.members.has(p.sub));
  }

  /** The series itself is in the principal's reach; scope words are checked by the callers. */
  private holds(p: Principal, studyUID: string, seriesUID: string): boolean {
    if (p.kind === 'viewer') {
      // AS/principal/ViewerPrincipal.java hasSeriesViewAccess: the subject token reaches the series, and the series
      // is in the source album (or the inbox); without a source, the token's study is enough. KHEOPS does not ask
      // here whether the subject may open the source album (only getAlbumID does, for QIDO); the sandbox does.
      if (!p.subject || !this.canReadSeries(p.subject, studyUID, seriesUID)) return false;
      if (p.inbox) return false; // the sandbox has no inbox
      if (p.albumId)
        return (
          this.hasAlbumAccess(p.subject, p.albumId) && this.albumHoldsSeries(p.albumId, studyUID, seriesUID)
        );
      return true;
    }
    return this.albumsOf(p).some((a) => a.series.get(studyUID)?.has(seriesUID));
  }

  /** hasSeriesViewAccess: read scope, the token's studies, and an album in reach holding the series. */
  canReadSeries(p: Principal, studyUID: string, seriesUID: string): boolean {
    if (!p.scopes.includes('read')) return false;
    if (p.studyUIDs && !p.studyUIDs.includes(studyUID)) return false;
    return this.holds(p, studyUID, seriesUID);
  }

  /** The series of a study that this principal reaches (QIDOResource.availableSeriesUIDs). */
  seriesInReach(p: Principal, studyUID: string): Set<string> {
    const candidates = new Set<string>();
    for (const a of this.albums.values()) a.series.get(studyUID)?.forEach((s) => candidates.add(s));
    return new Set([...candidates].filter((se) => this.canReadSeries(p, studyUID, se)));
  }

  /** hasStudyViewAccess: the principal reaches at least one series of the study. */
  canRead(p: Principal, studyUID: string): boolean {
    return this.seriesInReach(p, studyUID).size > 0;
  }

  /**
   * hasSeriesAddAccess (AS/principal/*Principal.java): write scope, the token's studies, and the series either new
   * or orphan (no album holds it) or already in reach. A report provider also needs the study in its album
   * (ReportProviderPrincipal); an album capability does not (AlbumCapabilityPrincipal); a user needs the study in
   * reach (a new study is the STOW route's business). A viewer token adds its own scope and study to its subject's.
   */
  canWrite(p: Principal, studyUID: string, seriesUID?: string): boolean {
    if (!p.scopes.includes('write')) return false;
    if (p.studyUIDs && !p.studyUIDs.includes(studyUID)) return false;
    if (p.kind === 'viewer') return !!p.subject && this.canWrite(p.subject, studyUID, seriesUID);
    if (p.kind === 'album_capability' && this.albumsOf(p).length === 0) return false;
    if (p.kind !== 'album_capability' && !this.albumsOf(p).some((a) => this.albumHoldsStudy(a.id, studyUID)))
      return false;
    if (seriesUID === undefined) return true;
    return this.inNoAlbum(studyUID, seriesUID) || this.holds(p, studyUID, seriesUID);
  }

  /** The album a STOW puts new series in: the token's album, else the user's album holding the study. */
  private targetAlbum(p: Principal, studyUID: string): string | undefined {
    if (p.kind === 'viewer')
      return p.albumId ?? (p.subject ? this.targetAlbum(p.subject, studyUID) : undefined);
    if (p.albumId) return p.albumId;
    const mine = this.albumsOf(p);
    return (mine.find((a) => this.albumHoldsStudy(a.id, studyUID)) ?? mine[0])?.id;
  }

  /**
   * After a STOW: PX/stow/FetchRequester.java + AuthorizationManager PUT studies/{S}/series/{Se}[?album=] puts the
   * stored series in the album the token is bound to (KHEOPS puts a user's in their inbox; the sandbox, having
   * none, in the user's album holding the study, else their first album).
   */
  placeStoredSeries(p: Principal, studyUID: string, seriesUID: string): void {
    const albumId = this.targetAlbum(p, studyUID);
    if (albumId) this.addSeries(albumId, studyUID, seriesUID);
  }

  /** hasAlbumAccess (AS/filter/AlbumAccessSecuredFilter.java: `album=` outside it -> 404). */
  hasAlbumAccess(p: Principal, albumId: string): boolean {
    if (p.kind === 'viewer')
      return (
        !!p.subject &&
        !p.inbox &&
        this.hasAlbumAccess(p.subject, albumId) &&
        (!p.albumId || p.albumId === albumId)
      );
    return this.albumsOf(p).some((a) => a.id === albumId);
  }

  /** Studies a QIDO /studies may list for this principal. */
  visibleStudies(p: Principal): Set<string> {
    const all = new Set<string>();
    for (const a of this.albums.values()) for (const st of this.studiesOfAlbum(a.id)) all.add(st);
    return new Set([...all].filter((st) => this.canRead(p, st)));
  }
}
