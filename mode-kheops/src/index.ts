import { id } from './id';

// Placeholder until the mode issue: declares the mode id and route so the runtime loader has a module.
const mode = {
  id,
  modeFactory: () => ({
    id,
    routeName: 'kheops',
    displayName: 'KHEOPS',
    hide: true,
    routes: [],
    extensions: {},
    sopClassHandlers: [],
    onModeEnter: () => undefined,
    isValidMode: () => ({ valid: false, description: 'KHEOPS mode is not implemented yet' }),
  }),
};

export default mode;
