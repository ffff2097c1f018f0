// Three suites, one runner: unit tests beside the code, API tests against a live sandbox (real Orthanc),
// and browser tests (genuine OHIF in Debian's Chromium). API and e2e suites start their own servers.
const common = {
  transform: { '\\.[cm]?[jt]sx?$': 'babel-jest' },
  // inject() loads the sandbox in-process: jose and cookie (for light-my-request) ship ES modules only.
  transformIgnorePatterns: ['/node_modules/(?!(jose|cookie)/)'],
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{extension-kheops,mode-kheops,sandbox,probe}/src/**/*.test.ts',
        // npm pack of the two OHIF packages (needs their build)
        '<rootDir>/scripts/test/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'api',
      testMatch: ['<rootDir>/sandbox/test/**/*.test.ts'],
      slowTestThreshold: 30,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/tests/**/*.test.ts'],
      slowTestThreshold: 120,
    },
  ],
};
