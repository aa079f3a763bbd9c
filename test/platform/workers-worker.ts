// A module Web Worker (Chromium, Deno) that does run() and posts the result.
import { run } from "./workers-entry";

const post = (m: unknown) => (self as unknown as { postMessage(m: unknown): void }).postMessage(m);
run().then(post, (e) => post({ error: e instanceof Error ? e.stack ?? e.message : String(e) }));
