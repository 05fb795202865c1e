/**
 * The one door from session/ to stores/: the store contract and its error, nothing else.
 * Session code never imports a concrete store; the layer rule in eslint.config.js allows only
 * `stores/store.js`.
 */
export {
  StoreError,
  type SessionRecord,
  type SessionStore,
  type StoredRecord,
} from '../stores/store.js';
