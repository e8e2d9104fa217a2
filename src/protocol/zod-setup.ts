// zod, configured once for this widget. Without `jitless`, zod probes `new Function` to compile fast
// object parsers: a host page whose CSP has no 'unsafe-eval' refuses it and reports a violation on
// every load. The messages parsed here are small; the interpreter is fast enough.
import * as z from 'zod';

z.config({ jitless: true });
