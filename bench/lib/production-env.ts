// Imported first by bench/run.ts: the production build's request handler runs in the benchmark process too (to
// count statements per request), and React picks its development or production build when first loaded.
process.env.NODE_ENV = "production";
process.env.BENCH_PAGES = "1";
