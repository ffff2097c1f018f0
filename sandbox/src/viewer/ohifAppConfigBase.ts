// Settings both viewer origins share, so that the KHEOPS viewer and the baseline differ only in data source,
// extensions and modes (values from reference/test-stack-recipe.md §5).
export function ohifAppConfigBase(name: string): Record<string, unknown> {
  return {
    name,
    routerBasename: null,
    customizationService: {},
    maxNumberOfWebWorkers: 2,
    showWarningMessageForCrossOrigin: false,
    showCPUFallbackMessage: false,
    showLoadingIndicator: true,
    strictZSpacingForVolumeViewport: true,
    investigationalUseDialog: { option: 'never' },
    maxNumRequests: { interaction: 100, thumbnail: 5, prefetch: 10 },
    showErrorDetails: 'always',
  };
}

/** app-config.js is a classic script that sets window.config. */
export function renderAppConfig(config: Record<string, unknown>): string {
  return `window.config = ${JSON.stringify(config, null, 2)};\n`;
}
