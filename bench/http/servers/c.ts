/** (c) Express + express-session with its MemoryStore. */
import { serveExpressSession } from './express-session.js';

serveExpressSession();
