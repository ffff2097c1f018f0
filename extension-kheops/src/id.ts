/** The extension id, equal to the package name (checked by id.test.ts). */
export const id = '@kheops-ohif/extension-kheops';
