/* The search index in parts (vlmguide.mkdocs.search_parts), in front of Material's search worker.

   Material's worker builds one lunr index of every document before it answers a query. Given an
   index in parts (config.parts, from parts.json), this answers each query with Material's own
   worker, set up with only the documents that can match it:

   1. The buckets of terms of the query's characters are fetched (every bucket, for a query with *
      or ~, whose terms may start anywhere).
   2. Material's worker is set up with one hidden document holding every fetched term, and asked the
      query: its own segmentation and query rules run against the whole vocabulary of those
      characters, and lunr's expansion of the query's clauses (prefixes, fuzzy terms) names every
      term the query can match.
   3. The documents holding those terms, and their pages, are fetched, and Material's worker is set
      up with them (and the hidden document) and asked again. lunr's idf is the whole index's, so
      every score, and so the order, equals the whole index's; the hidden document is left out of
      the answer. A later query that needs no more documents is asked at once.

   When those documents lie in more than config.parts.direct blocks not yet fetched (a query found on
   many pages of a large catalogue), the reader is answered first without them: Material's worker is
   set up with each document's head (location and title, a far smaller part) and, as its text, the
   terms the query can match, each as often as the real text holds it (the buckets say how often).
   The query's vector meets no other term, so every score, the order, the count and the titles are
   the whole index's; that answer goes out with every text empty and data.partial set. The blocks
   follow, and then the whole answer, unless a newer query came first.

   While set up with documents, lunr is handed only the tokens of the fetched buckets' terms: a
   document's score is the dot product of the query's vector (terms the query matches, all in those
   buckets) with the document's field vectors, divided by the query vector's length, so no other
   term changes it (and Material sets b = 0: a field's length does not count either). Material's
   tokenizer has written each field's table of positions, for highlighting, before it returns the
   tokens, so highlighting is whole. This halves the cost of setting up thousands of documents.

   Anything else (an index not in parts) goes to Material's worker as it came. */
(function () {
  "use strict";
  var SETUP = 0;
  var READY = 1;
  var QUERY = 2;
  var RESULT = 3;
  var VOCABULARY = "vlm:vocabulary"; /* the hidden document's location */
  var scope = self;
  var listen = scope.addEventListener.bind(scope);
  var post = scope.postMessage.bind(scope);
  var material = null; /* Material's message listener */
  var replies = []; /* what waits for Material's answers, in order */

  /* Material's worker registers its listener after this script: keep it to ask it ourselves. */
  scope.addEventListener = function (type, listener, options) {
    if (type === "message" && material === null) {
      material = listener;
      return undefined;
    }
    return listen(type, listener, options);
  };
  scope.postMessage = function (message) {
    var reply = replies.shift();
    if (reply) reply(message);
    else post(message);
  };

  function ask(type, data) {
    return new Promise(function (resolve) {
      replies.push(resolve);
      material({ data: { type: type, data: data } });
    });
  }

  var layout = null; /* config.parts */
  var setup = null; /* {config, options} as Material's script sent them */
  var buckets = new Map(); /* bucket number: {term: entry (see entry)} */
  var fetching = new Map(); /* part name: its promise */
  var documents = new Map(); /* document number: document */
  var heads = new Map(); /* document number: [location, title] */
  var newer = []; /* what waits for a newer query */
  var built = null; /* what Material's worker holds: {documents: Set, buckets: Set, every: bool} */
  var plan = null; /* while a query is planned: {needed, terms} */
  var partial = 0; /* the query whose first answer, from heads, was posted last */
  var kept = null; /* while Material's worker is set up: the terms lunr is handed (null: every term) */
  var latest = 0;
  var queue = Promise.resolve();

  function part(name) {
    if (!fetching.has(name)) {
      var url = new URL("../../../" + layout.path + name + "?v=" + layout.version, scope.location.href);
      fetching.set(name, fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + " answered " + response.status);
        return response.json();
      }).catch(function (error) {
        fetching.delete(name); /* asked again by the next query */
        throw error;
      }));
    }
    return fetching.get(name);
  }

  function bucketOf(term) {
    return term.codePointAt(0) % layout.buckets;
  }

  function bucketsOf(query) {
    var wanted = new Set();
    if (/[*~]/.test(query)) {
      for (var k = 0; k < layout.buckets; k++) wanted.add(k);
    } else {
      Array.from(query + query.toLowerCase()).forEach(function (char) { wanted.add(bucketOf(char)); });
    }
    return Array.from(wanted);
  }

  function loadBuckets(wanted) {
    return Promise.all(wanted.map(function (k) {
      return buckets.has(k) ? null : part("t" + k + ".json").then(function (terms) { buckets.set(k, terms); });
    }));
  }

  /* A bucket's entry for a term: [(document, field) pairs, text counts, first document, gaps...]. */
  function entry(term) {
    var terms = buckets.get(bucketOf(term));
    return terms && Object.prototype.hasOwnProperty.call(terms, term) ? terms[term] : undefined;
  }

  /* The blocks (of per documents each) holding the numbers that loaded lacks. */
  function missingBlocks(numbers, loaded, per) {
    var blocks = new Set();
    numbers.forEach(function (n) { if (!loaded.has(n)) blocks.add(Math.floor(n / per)); });
    return blocks;
  }

  function loadBlocks(prefix, numbers, loaded, per) {
    return Promise.all(Array.from(missingBlocks(numbers, loaded, per)).map(function (b) {
      return part(prefix + b + ".json").then(function (items) {
        items.forEach(function (item, i) { loaded.set(b * per + i, item); });
      });
    }));
  }

  function loadDocuments(numbers) {
    return loadBlocks("d", numbers, documents, layout.block);
  }

  /* Each document holding term, with how often its text holds it: visit(document, count). */
  function eachHolder(term, visit) {
    var held = entry(term);
    if (held === undefined) return;
    for (var i = 2, n = 0; i < held.length; i++) {
      n = i === 2 ? held[2] : n + held[i];
      visit(n, held[1][i - 2]);
    }
  }

  /* The documents holding any of terms, and their pages. */
  function holding(terms) {
    var found = new Set();
    terms.forEach(function (term) {
      eachHolder(term, function (n) {
        found.add(n);
        found.add(n - layout.parents[n]);
      });
    });
    return found;
  }

  /* Each of numbers as its head and, as its text, the terms it holds as often as its text holds them. */
  function fromHeads(numbers, terms) {
    var texts = new Map();
    terms.forEach(function (term) {
      eachHolder(term, function (n, count) {
        if (!count || !numbers.has(n)) return;
        var text = texts.get(n) || [];
        for (var k = 0; k < count; k++) text.push(term);
        texts.set(n, text);
      });
    });
    return sorted(numbers).map(function (n) {
      var head = heads.get(n);
      return { location: head[0], title: head[1], text: (texts.get(n) || []).join(" ") };
    });
  }

  function sorted(numbers) {
    return Array.from(numbers).sort(function (a, b) { return a - b; });
  }

  /* Resolves with null when a newer query arrives (the promises' own result otherwise). */
  function unlessNewer(promise) {
    return Promise.race([promise, new Promise(function (resolve) { newer.push(resolve); }).then(function () {
      return null;
    })]);
  }

  function every() {
    var all = new Set();
    for (var n = 0; n < layout.count; n++) all.add(n);
    return all;
  }

  function covered(needed) {
    if (built.every) return true;
    if (needed === null) return false;
    for (var n of needed) if (!built.documents.has(n)) return false;
    return true;
  }

  function build(numbers, all) {
    var docs = sorted(numbers).map(function (n) {
      return Object.assign({}, documents.get(n)); /* Material links sections to pages in place */
    });
    return setUp(docs, numbers, all);
  }

  /* Material's worker set up with docs and the hidden document; built then holds numbers (none, for
     documents made from heads). */
  function setUp(docs, numbers, all) {
    var vocabulary = [];
    buckets.forEach(function (terms) { for (var term in terms) vocabulary.push(term); });
    docs.push({ location: VOCABULARY, title: "", text: vocabulary.join(" ") });
    var holds = new Set(buckets.keys());
    kept = new Set(vocabulary);
    return ask(SETUP, { config: setup.config, docs: docs, options: setup.options }).then(function () {
      kept = null;
      built = { documents: new Set(numbers), buckets: holds, every: all };
    });
  }

  function adaptLunr(lunr) {
    /* Only the kept terms' tokens reach lunr's index (see above): Material's tokenizer is set on
       the builder before documents are added, so it is wrapped at the first document. */
    var add = lunr.Builder.prototype.add;
    lunr.Builder.prototype.add = function () {
      if (!this.vlmKept) {
        var tokenize = this.tokenizer;
        this.tokenizer = function () {
          var tokens = tokenize.apply(this, arguments);
          return kept === null ? tokens : tokens.filter(function (token) { return kept.has(token.toString()); });
        };
        this.vlmKept = true;
      }
      return add.apply(this, arguments);
    };
    /* The whole index's idf for every term of the fetched buckets: lunr.idf is handed the term's
       posting, so the builder's postings are named first. */
    var idf = lunr.idf;
    var named = new WeakMap();
    var vectors = lunr.Builder.prototype.createFieldVectors;
    lunr.Builder.prototype.createFieldVectors = function () {
      for (var term in this.invertedIndex) named.set(this.invertedIndex[term], term);
      return vectors.apply(this, arguments);
    };
    lunr.idf = function (posting, count) {
      var term = layout === null ? undefined : named.get(posting);
      var known = term === undefined ? undefined : entry(term);
      if (known === undefined) return idf(posting, count);
      var ratio = (layout.count - known[0] + 0.5) / (known[0] + 0.5);
      return Math.log(1 + Math.abs(ratio));
    };
    /* While a query is planned, lunr's expansion of its clauses on the hidden document names the
       terms it can match; the query runs only if the documents holding them are all set up. */
    var search = lunr.Index.prototype.search;
    lunr.Index.prototype.search = function (queryString) {
      if (plan === null) return search.call(this, queryString);
      var index = this;
      var query = new lunr.Query(index.fields);
      new lunr.QueryParser(queryString, query).parse();
      var positive = query.clauses.filter(function (clause) {
        return clause.presence !== lunr.Query.presence.PROHIBITED;
      });
      var matched = terms(index, positive);
      var needed = positive.length ? holding(matched) : null; /* exclusions alone may match every document */
      if (covered(needed)) return search.call(this, queryString);
      plan.needed = needed;
      plan.terms = matched.concat(terms(index, query.clauses.filter(function (clause) {
        return clause.presence === lunr.Query.presence.PROHIBITED;
      })));
      return [];
    };
  }

  /* The terms clauses can match: lunr's expansion of them on the hidden document. */
  function terms(index, clauses) {
    if (!clauses.length) return [];
    var matches = index.query(function (builder) {
      clauses.forEach(function (clause) {
        builder.clause(Object.assign({}, clause, {
          fields: index.fields, presence: lunr.Query.presence.OPTIONAL
        }));
      });
    });
    var hidden = matches.find(function (match) { return match.ref === VOCABULARY; });
    return hidden ? Object.keys(hidden.matchData.metadata) : [];
  }

  /* The first answer: every text (and every parent's) left empty, marked partial. */
  function withoutTexts(message) {
    message.data.items = message.data.items.map(function (group) {
      return group.map(function (item) {
        var blank = Object.assign({}, item, { text: "" });
        if (item.parent) blank.parent = Object.assign({}, item.parent, { text: "" });
        return blank;
      });
    });
    message.data.partial = true;
    return message;
  }

  function withoutVocabulary(message) {
    if (message.data && Array.isArray(message.data.items)) {
      message.data.items = message.data.items.filter(function (group) {
        return !group.some(function (item) { return item.location === VOCABULARY; });
      });
    }
    return message;
  }

  function answer(query, id) {
    var wanted = bucketsOf(query);
    return loadBuckets(wanted).then(function () {
      if (id !== latest) return null;
      var missing = built === null || wanted.some(function (k) { return !built.buckets.has(k); });
      return (missing ? build(new Set(), false) : Promise.resolve()).then(function () {
        plan = {};
        return ask(QUERY, query);
      }).then(function (result) {
        var needed = plan.needed;
        var matched = plan.terms;
        plan = null;
        if (needed === undefined) return withoutVocabulary(result);
        if (needed !== null && missingBlocks(needed, documents, layout.block).size > layout.direct) {
          return firstFromHeads(query, id, needed, matched).then(function (first) {
            return first === null ? null : whole(query, id, needed, false);
          });
        }
        return whole(query, id, needed === null ? every() : needed, needed === null);
      });
    }).catch(function (error) {
      plan = null;
      kept = null;
      console.warn("Search could not load its index: " + error);
      /* A first answer from heads stays shown; the next query asks for the missing parts again. */
      return partial === id ? null : { type: RESULT, data: { items: [] } };
    });
  }

  /* Answer query from the heads of numbers and the buckets (see above); post it; null if superseded. */
  function firstFromHeads(query, id, numbers, matched) {
    return loadBlocks("h", numbers, heads, layout.heads).then(function () {
      if (id !== latest) return null;
      return setUp(fromHeads(numbers, matched), new Set(), false).then(function () {
        return ask(QUERY, query);
      }).then(function (result) {
        post(withoutTexts(withoutVocabulary(result)));
        partial = id;
        return true;
      });
    });
  }

  /* The whole answer from the documents numbers (every one, if all). */
  function whole(query, id, numbers, all) {
    return unlessNewer(loadDocuments(numbers)).then(function (loaded) {
      if (id !== latest || loaded === null) return null;
      return build(numbers, all).then(function () {
        return ask(QUERY, query);
      }).then(withoutVocabulary);
    });
  }

  listen("message", function (event) {
    var message = event.data;
    if (message.type === SETUP && message.data.config && message.data.config.parts) {
      layout = message.data.config.parts;
      setup = { config: message.data.config, options: message.data.options };
      if (scope.lunr && !scope.lunr.vlmParts) {
        adaptLunr(scope.lunr);
        scope.lunr.vlmParts = true;
      }
      post({ type: READY });
    } else if (message.type === QUERY && layout !== null) {
      var id = ++latest; /* a query typed while another is answered replaces it */
      newer.splice(0).forEach(function (resolve) { resolve(); });
      queue = queue.then(function () {
        return id === latest ? answer(message.data, id) : null;
      }).then(function (result) {
        if (result) post(result);
      });
    } else {
      ask(message.type, message.data).then(post);
    }
  });
})();
