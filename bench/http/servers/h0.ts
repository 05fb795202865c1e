/** (h0) bare Hono on @hono/node-server answering JSON. */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { announce } from './common.js';

const app = new Hono().get('/', (c) => c.json({ hello: 'world' }));
announce(createAdaptorServer({ fetch: app.fetch }) as Server);
