// The runner-style harness is shared by every action's tests.
export * from '../helpers/action.js';
