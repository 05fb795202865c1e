/** (t-express-*) Express 5 + Tessera's Express middleware; the mode is argv[2]. */
import { createServer } from 'node:http';
import express from 'express';
import { getSession, sessionMiddleware } from 'tessera/adapters/express';
import { announce, increment } from './common.js';
import { modeOf, tesseraSessions } from './tessera.js';

const sessions = await tesseraSessions(modeOf(process.argv[2]));

const app = express();
app.use(sessionMiddleware(sessions));
app.get('/', async (req, res) => {
  res.json({ count: await getSession(req, sessions).update('count', increment) });
});
announce(createServer(app));
