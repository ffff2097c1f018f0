import { jerseySafeMediaType } from '../../extension-kheops/src/dataSource/jerseySafeMediaType';
import { KHEOPS_DEFAULTS } from '../../extension-kheops/src/dataSource/kheopsDefaults';

/** The data-source knobs OHIF's generateAcceptHeader reads. */
export interface AcceptKnobs {
  acceptHeader?: string[];
  requestTransferSyntaxUID?: string;
  omitQuotationForMultipartRequest?: boolean;
}

// OHIF 3.13 platform/core/src/utils/generateAcceptHeader.ts: typeForTS (the entries the multipart type needs).
const TYPE_FOR_TS: Record<string, string> = {
  '*': 'application/octet-stream',
  '1.2.840.10008.1.2.1': 'application/octet-stream',
  '1.2.840.10008.1.2': 'application/octet-stream',
  '1.2.840.10008.1.2.2': 'application/octet-stream',
  '1.2.840.10008.1.2.4.70': 'image/jpeg',
  '1.2.840.10008.1.2.4.50': 'image/jpeg',
  '1.2.840.10008.1.2.4.51': 'image/dicom+jpeg',
  '1.2.840.10008.1.2.4.57': 'image/jpeg',
  '1.2.840.10008.1.2.5': 'image/dicom-rle',
  '1.2.840.10008.1.2.4.80': 'image/jls',
  '1.2.840.10008.1.2.4.81': 'image/jls',
  '1.2.840.10008.1.2.4.90': 'image/jp2',
  '1.2.840.10008.1.2.4.91': 'image/jp2',
  '1.2.840.10008.1.2.4.92': 'image/jpx',
  '1.2.840.10008.1.2.4.93': 'image/jpx',
};

/**
 * The Accept header OHIF 3.13 puts on frame requests (the image loader's beforeSend in
 * extensions/cornerstone/src/initWADOImageLoader.js and the data source's generateWadoHeader both call
 * generateAcceptHeader(acceptHeader, requestTransferSyntaxUID, omitQuotationForMultipartRequest)).
 */
export function ohifAcceptHeader(knobs: AcceptKnobs): string {
  if (knobs.acceptHeader && knobs.acceptHeader.length > 0) return knobs.acceptHeader.join(', ');
  const ts = knobs.requestTransferSyntaxUID ?? '*';
  const parts = ['multipart/related'];
  const type = ts ? TYPE_FOR_TS[ts] : undefined;
  if (type) parts.push(`type=${type}`, `transfer-syntax=${ts}`);
  else parts.push('type=application/octet-stream', 'transfer-syntax=*');
  const quoted = knobs.omitQuotationForMultipartRequest
    ? parts
    : parts.map((p) => {
        if (p.startsWith('type=')) return `type="${p.slice(5)}"`;
        if (p.startsWith('transfer-syntax=')) return `transfer-syntax="${p.slice(16)}"`;
        return p;
      });
  return quoted.join('; ');
}

/**
 * What reaches KHEOPS for a frame or a (wadors) thumbnail with the extension's defaults: OHIF's header, then the
 * extension's request guard (jerseySafeMediaType on every media-type header to the endpoint).
 */
export function frameAccept(knobs: AcceptKnobs = KHEOPS_DEFAULTS): string {
  return jerseySafeMediaType(ohifAcceptHeader(knobs));
}
