/**
 * The one door from session/ to stores/: the store contract and its error, nothing else.
 * Session code never imports a concrete store; the layer rule allows this file alone.
 */
// eslint-disable-next-line no-restricted-imports -- the store contract is the interface session/ is built on
export {
  StoreError,
  type SessionRecord,
  type SessionStore,
  type StoredRecord,
} from '../stores/store.js';
