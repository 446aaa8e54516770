// Imported first by bench/run.ts: the production build's request handler runs in the benchmark process too (to
// count statements per request), and React picks its development or production build when first loaded.
process.env.NODE_ENV = "production";
process.env.BENCH_PAGES = "1";
// Code this process runs from source (appendAudit in the guard-cost measurement) is the bench flavour, as its build is:
// without AUDIT_HMAC_KEY it keys audit rows with the demo key, like the bench build's server (ADR 022).
process.env.PORTAL_BUILD ??= "bench";
