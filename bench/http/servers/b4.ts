/**
 * (b4, b4a) floor: Express 5 with the least a session middleware can do (express-floor.ts).
 * With `async` (b4a) the route awaits once before answering, as any handler of an async
 * session API does.
 */
import { createServer } from 'node:http';
import { announce } from './common.js';
import { floorApp } from './express-floor.js';

announce(createServer(floorApp(process.argv[2] === 'async')));
