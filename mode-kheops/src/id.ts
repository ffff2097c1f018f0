/** The mode id, equal to the package name (checked by id.test.ts). */
export const id = '@kheops-ohif/mode-kheops';
