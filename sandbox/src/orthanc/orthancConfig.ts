import path from 'node:path';

export const ORTHANC_BINARY = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** orthanc.json for a private, loopback-only Orthanc with the DICOMweb plugin (test-stack-recipe.md §3). */
export function orthancConfig(
  port: number,
  storageDir: string,
  name = 'KHEOPS-SANDBOX',
): Record<string, unknown> {
  return {
    Name: name,
    StorageDirectory: storageDir,
    IndexDirectory: storageDir,
    StorageCompression: false,
    Plugins: [DICOMWEB_PLUGIN],
    HttpServerEnabled: true,
    HttpPort: port,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    HttpCompressionEnabled: false,
    OrthancExplorerEnabled: false,
    WebDavEnabled: false,
    // Orthanc 1.10 cannot bind its DICOM port to loopback only, so the DICOM server stays off.
    DicomServerEnabled: false,
    SaveJobs: false,
    ConcurrentJobs: 2,
    HttpThreadsCount: 20,
    MetricsEnabled: false,
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: true,
      WadoRoot: '/wado',
      Ssl: false,
      StudiesMetadata: 'Full',
      SeriesMetadata: 'Full',
    },
  };
}

export function storageDirOf(dataDir: string): string {
  return path.join(dataDir, 'orthanc-db');
}
