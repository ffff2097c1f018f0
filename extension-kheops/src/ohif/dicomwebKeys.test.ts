import { KHEOPS_SETTING_KEYS } from '../KheopsSettings';
import { dicomwebKnobWarnings, OHIF_DICOMWEB_KEYS, OVERRIDDEN_DICOMWEB_KEYS } from './dicomwebKeys';

describe('OHIF DICOMweb keys', () => {
  test('no KHEOPS setting shares a name with an OHIF DICOMweb option', () => {
    for (const k of KHEOPS_SETTING_KEYS) expect(OHIF_DICOMWEB_KEYS as readonly string[]).not.toContain(k);
  });

  test('every key the extension overrides is an OHIF key', () => {
    for (const k of OVERRIDDEN_DICOMWEB_KEYS) expect(OHIF_DICOMWEB_KEYS as readonly string[]).toContain(k);
  });

  test('warns about unknown and overridden keys, not about OHIF options', () => {
    const warnings = dicomwebKnobWarnings({
      thumbnailRendering: 'wadors',
      friendlyName: 'KHEOPS',
      name: 'kheops',
      thumbnailRenderng: 'x',
      staticWado: true,
    });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/thumbnailRenderng is neither/);
    expect(warnings[1]).toMatch(/staticWado is set by the KHEOPS extension/);
  });
});
