/** `express4` is npm's alias of express@4: the same API as far as these tests use it. */
declare module 'express4' {
  import express from 'express';
  export default express;
}
