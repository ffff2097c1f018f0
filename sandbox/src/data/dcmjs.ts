// dcmjs ships no type declarations; this is the small part of its API the sandbox uses.
export type NaturalDataset = Record<string, unknown> & { _vrMap?: Record<string, string> };

interface DicomDictInstance {
  dict: Record<string, unknown>;
  meta: Record<string, unknown>;
  write(): ArrayBuffer;
}

export interface DcmjsApi {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDictInstance };
    DicomMetaDictionary: {
      denaturalizeDataset(ds: NaturalDataset): Record<string, unknown>;
      naturalizeDataset(ds: Record<string, unknown>): NaturalDataset;
    };
  };
  log: { setLevel?(level: string): void };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const dcmjs: DcmjsApi = require('dcmjs');
