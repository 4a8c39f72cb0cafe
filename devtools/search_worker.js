/* Runs a built site's search worker (Material's, with what vlmguide puts in front of it) in Node,
   as the reader's browser runs it, and prints what it answers, as JSON on one line.

     node devtools/search_worker.js SITE EDITION_SEARCH_DIR MODE QUERY...

   MODE whole: the worker is set up with the edition's whole search_index.json, as Material does;
        parts: with its parts.json, the rest fetched from SITE as the worker asks for it;
        terms: whole, and what is printed is lunr's index: {term: [(document, field) pairs, locations,
               how often each location's text holds the term, and its title, the term's number (termIndex)]}.
   Printed: {"answers": [RESULT data per query, or null if none came], "partial": [the first, partial RESULT data per query,
   or null], "fetched": [part names], "ms": [per query], "first_ms": [to the first answer, per query],
   "warnings": [what the worker warned of]}. */
"use strict";
const fs = require("fs");
const path = require("path");

const [site, searchDir, mode, ...queries] = process.argv.slice(2);
const workers = path.join(site, "assets/javascripts/workers");
const workerName = fs.readdirSync(workers).find((name) => /^search\..*\.min\.js$/.test(name));
const base = "http://127.0.0.1/";
const fetched = [];
const warnings = [];
console.warn = (...args) => warnings.push(args.join(" "));

globalThis.self = globalThis;
globalThis.location = new URL(`assets/javascripts/workers/${workerName}`, base);
globalThis.importScripts = (...urls) => {
  for (const url of urls) (0, eval)(fs.readFileSync(path.join(workers, url), "utf8"));
};
globalThis.fetch = async (url) => {
  const file = new URL(url).pathname.slice(1);
  fetched.push(file);
  const text = fs.readFileSync(path.join(site, file), "utf8");
  return { ok: true, status: 200, json: async () => JSON.parse(text) };
};
let listener = null;
globalThis.addEventListener = (type, fn) => { if (type === "message") listener = fn; };
let waiting = null;
let partial = null; /* the partial answer (search_parts.js) to the query asked last, and when it came */
/* A query left with no answer (its first one stays: search_parts.js) ends the wait when nothing is left to do. */
process.on("beforeExit", () => {
  if (waiting) {
    const done = waiting;
    waiting = null;
    done(null);
  }
});
globalThis.postMessage = (message) => {
  if (message.data && message.data.partial) {
    partial = { data: message.data, at: performance.now() };
    return;
  }
  const done = waiting;
  waiting = null;
  done(message);
};

(0, eval)(fs.readFileSync(path.join(workers, workerName), "utf8"));

function send(type, data) {
  return new Promise((resolve) => {
    waiting = resolve;
    listener({ data: { type, data } });
  });
}

let built = null;
if (mode === "terms") {
  const build = self.lunr.Builder.prototype.build;
  self.lunr.Builder.prototype.build = function () { built = this; return build.apply(this, arguments); };
}

(async () => {
  const file = mode === "parts" ? "parts.json" : "search_index.json";
  const index = JSON.parse(fs.readFileSync(path.join(site, searchDir, file), "utf8"));
  await send(0, { config: index.config, docs: index.docs, options: { suggest: true } });
  if (mode === "terms") {
    const terms = {};
    for (const [term, posting] of Object.entries(built.invertedIndex)) {
      let pairs = 0;
      const holders = new Set();
      for (const [field, docs] of Object.entries(posting)) {
        if (field === "_index") continue;
        pairs += Object.keys(docs).length;
        Object.keys(docs).forEach((ref) => holders.add(ref));
      }
      const locations = [...holders].sort();
      const held = (field, ref) => (posting[field] && posting[field][ref] ? posting[field][ref].position.length : 0);
      terms[term] = [
        pairs, locations, locations.map((ref) => held("text", ref)), locations.map((ref) => held("title", ref)), posting._index
      ];
    }
    process.stdout.write(JSON.stringify({ terms }) + "\n");
    return;
  }
  const answers = [];
  const partials = [];
  const ms = [];
  const firstMs = [];
  for (const query of queries) {
    partial = null;
    const start = performance.now();
    const message = await send(2, query);
    const end = performance.now();
    ms.push(end - start);
    firstMs.push((partial ? partial.at : end) - start);
    answers.push(message && message.data);
    partials.push(partial && partial.data);
  }
  process.stdout.write(JSON.stringify({ answers, partial: partials, fetched, ms, first_ms: firstMs, warnings }) + "\n");
})();
