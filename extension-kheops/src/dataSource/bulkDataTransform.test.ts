import { bulkDataTransform } from './bulkDataTransform';
import { EndpointPolicy } from './EndpointPolicy';

const t = bulkDataTransform(new EndpointPolicy('https://kheops.example/api'));

describe('bulkDataTransform', () => {
  it('turns endpoint URIs into study-relative ones', () => {
    expect(t('https://kheops.example/api/studies/1.2/series/3.4/instances/5.6/bulk/7fe00010')).toBe(
      'series/3.4/instances/5.6/bulk/7fe00010',
    );
  });
  it('re-roots a PACS-internal URI under the endpoint', () => {
    expect(t('http://pacs:8042/dicom-web/studies/1.2/series/3.4/instances/5.6/bulk/7fe00010')).toBe(
      'series/3.4/instances/5.6/bulk/7fe00010',
    );
  });
  it('keeps relative URIs for OHIF to resolve under wadoRoot', () => {
    expect(t('series/3.4/bulkdata/x')).toBe('series/3.4/bulkdata/x');
  });
  it('refuses URIs that name no study resource', () => {
    expect(t('https://evil.example/collect?x=1')).toBe('series/kheops-refused-bulkdata-uri');
    expect(t('/admin')).toBe('series/kheops-refused-bulkdata-uri');
    expect(t('javascript:alert(1)')).toBe('series/kheops-refused-bulkdata-uri');
  });
});
