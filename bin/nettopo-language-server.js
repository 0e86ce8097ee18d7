#!/usr/bin/env node
// The `nettopo-language-server` command: the bundled language server (built by `npm run build`),
// for any LSP editor (`nettopo-language-server --stdio`).
import '../out/server.js';
