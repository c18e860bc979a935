// Preloaded with `--import` (NODE_OPTIONS) by tests that must know which modules a server
// process loads: appends the URL of every module whose URL contains MODULE_LOG_MATCH to
// MODULE_LOG_FILE, one a line. Plain JavaScript: it runs before tsx is there to compile it.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.MODULE_LOG_FILE;
const match = process.env.MODULE_LOG_MATCH ?? '';
if (file) {
  registerHooks({
    load(url, context, nextLoad) {
      if (url.includes(match)) appendFileSync(file, `${url}\n`);
      return nextLoad(url, context);
    },
  });
}
