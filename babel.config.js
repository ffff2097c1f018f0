// Babel is only used by jest: TypeScript is stripped, modules become CommonJS for the test runtime.
module.exports = {
  presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'],
};
