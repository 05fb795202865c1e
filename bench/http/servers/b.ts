/** (b) bare Express 5 answering JSON. */
import { createServer } from 'node:http';
import express from 'express';
import { announce } from './common.js';

const app = express();
app.get('/', (_req, res) => {
  res.json({ hello: 'world' });
});
announce(createServer(app));
