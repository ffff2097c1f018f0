// STUB: replaced by the Orthanc room.
export class OrthancProcess {
  constructor(readonly opts: { port: number; dataDir: string; fresh: boolean; log: (m: string) => void }) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  kill(): void {}
}
