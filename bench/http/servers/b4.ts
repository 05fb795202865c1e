/**
 * (b4, b4a) floor: Express 5 with the least a session middleware can do (express-floor.ts).
 * With `async` (b4a) the route awaits once before answering, as any handler of an async
 * session API does.
 */
import { createServer } from 'node:http';
import express from 'express';
import { announce } from './common.js';
import { floorAnswer, floorMiddleware, type JsonResponse } from './express-floor.js';

const app = express();
app.use(floorMiddleware);
if (process.argv[2] === 'async') {
  app.get('/', async (req, res) => {
    await Promise.resolve();
    floorAnswer(req, res as JsonResponse);
  });
} else {
  app.get('/', (req, res) => {
    floorAnswer(req, res as JsonResponse);
  });
}
announce(createServer(app));
