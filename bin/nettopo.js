#!/usr/bin/env node
// The `nettopo` command: the bundled CLI (built by `npm run build`).
import '../out/nettopo.js';
