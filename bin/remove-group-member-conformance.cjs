#!/usr/bin/env node
// The suite is TypeScript; tsx compiles it on the fly, as it does for the npm scripts.
require("tsx/cjs");
require("../src/cli/main.ts").main();
