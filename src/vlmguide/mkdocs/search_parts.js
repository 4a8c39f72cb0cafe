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
   many pages of a large catalogue), the reader is answered first without them, from the heads
   (location, title and boost: a far smaller part, fetched when search opens) and the buckets, which
   say how often each document's text and title hold each term:

   - The pages found are ranked here as lunr and Material rank them (see rank): lunr's score of a
     field is the dot product of the query's vector with the field's, over the query vector's length,
     each term weighted idf * (k1 + 1) * tf / (k1 + tf) (b = 0), then boosted; Material boosts pages
     and documents holding every term, sorts again and groups by page.
   - The first config.parts.rank pages are answered by Material's worker, set up with each of their
     documents' head and, as its text, the terms the query can match, each as often as the real text
     holds them. The query's vector meets no other term, so scores, order and highlighted titles are
     the whole index's. The pages further down follow by title alone (as a single result each).
   - That answer goes out with every text empty and data.partial set. The blocks follow, and then
     the whole answer, unless a newer query came first.

   A query with required or excluded terms is not ranked here: Material's worker is set up with
   every document found, made from its head as above.

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
  var plan = null; /* while a query is planned: {needed, terms, clauses} */
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

  /* A bucket's entry for a term: [(document, field) pairs, text counts, [holder, title count, ...] for the
     holders whose title has it, the term's number in lunr's index, first document, gaps...]. */
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

  /* Each document holding term, with how often its text and its title hold it: visit(document, text, title). */
  function eachHolder(term, visit) {
    var held = entry(term);
    if (held === undefined) return;
    var titled = held[2];
    for (var i = 4, n = 0, t = 0; i < held.length; i++) {
      n = i === 4 ? held[4] : n + held[i];
      var title = 0;
      if (titled[t] === i - 4) {
        title = titled[t + 1];
        t += 2;
      }
      visit(n, held[1][i - 4], title);
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
      var doc = { location: head[0], title: head[1], text: (texts.get(n) || []).join(" ") };
      if (head.length > 2) doc.boost = head[2];
      return doc;
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
    var lunrIdf = lunr.idf;
    var named = new WeakMap();
    var vectors = lunr.Builder.prototype.createFieldVectors;
    lunr.Builder.prototype.createFieldVectors = function () {
      for (var term in this.invertedIndex) named.set(this.invertedIndex[term], term);
      return vectors.apply(this, arguments);
    };
    lunr.idf = function (posting, count) {
      var term = layout === null ? undefined : named.get(posting);
      var known = term === undefined ? undefined : entry(term);
      return known === undefined ? lunrIdf(posting, count) : idf(known);
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
      plan.clauses = query.clauses.map(function (clause) {
        return Object.assign({}, clause, { expansions: expansions(index, clause) });
      });
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

  /* The terms clause expands to, in lunr's order (lunr.Index.prototype.query). */
  function expansions(index, clause) {
    var found = [];
    var words = clause.usePipeline ? index.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
    words.forEach(function (word) {
      var set = scope.lunr.TokenSet.fromClause(Object.assign({}, clause, { term: word }));
      Array.prototype.push.apply(found, index.tokenSet.intersect(set).toArray()); /* the query's set is the argument */
    });
    return found;
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
        var clauses = plan.clauses;
        plan = null;
        if (needed === undefined) return withoutVocabulary(result);
        if (needed !== null && missingBlocks(needed, documents, layout.block).size > layout.direct) {
          return firstFromHeads(query, id, needed, matched, clauses).then(function (first) {
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

  /* When search opens: the heads, if a query can need them (its documents in more than direct blocks),
     so that a first answer from heads waits for no download. A failed fetch is asked again when used. */
  function prefetchHeads() {
    if (Math.ceil(layout.count / layout.block) <= layout.direct) return;
    loadBlocks("h", every(), heads, layout.heads).catch(function () { return null; });
  }

  /* Answer query from the heads of numbers and the buckets (see above); post it; null if superseded. */
  function firstFromHeads(query, id, numbers, matched, clauses) {
    return loadBlocks("h", numbers, heads, layout.heads).then(function () {
      if (id !== latest) return null;
      var pages = rank(clauses);
      if (pages === null || pages.length <= layout.rank) return fromHeadsOf(numbers, matched, query);
      var top = pages.slice(0, layout.rank);
      return fromHeadsOf(documentsOf(top), matched, query).then(function (result) {
        var shown = result.data.items.map(function (group) { return group[0].location.split("#")[0]; });
        var ranked = top.map(function (page) { return heads.get(page.page)[0]; });
        if (shown.join("\n") === ranked.join("\n")) {
          result.data.items = result.data.items.concat(pages.slice(layout.rank).map(byTitle));
          return result;
        }
        console.warn("Search ranked the pages unlike Material's worker; answering from every page's head");
        return fromHeadsOf(numbers, matched, query);
      });
    }).then(function (result) {
      if (result === null) return null;
      post(withoutTexts(result));
      partial = id;
      return true;
    });
  }

  /* Material's answer to query from the heads of numbers (their texts: the terms matched, as often). */
  function fromHeadsOf(numbers, matched, query) {
    return setUp(fromHeads(numbers, matched), new Set(), false).then(function () {
      return ask(QUERY, query);
    }).then(withoutVocabulary);
  }

  /* The documents of ranked pages (see rank), and the pages. */
  function documentsOf(pages) {
    var numbers = new Set();
    pages.forEach(function (page) {
      numbers.add(page.page);
      page.items.forEach(function (item) { numbers.add(item.n); });
    });
    return numbers;
  }

  /* A ranked page further down a first answer: its title alone, scored as its best document. */
  function byTitle(page) {
    var head = heads.get(page.page);
    var best = page.items[0];
    return [{ location: head[0], title: head[1], text: "", score: best.score, terms: best.terms }];
  }

  /* lunr's idf of a term, from its bucket entry, with the whole index's count of documents. */
  function idf(known) {
    var ratio = (layout.count - known[0] + 0.5) / (known[0] + 0.5);
    return Math.log(1 + Math.abs(ratio));
  }

  /* The pages a query of optional clauses (planned: each with its expansions) finds, ranked as
     Material's worker ranks them: [{page, items: [{n, score, terms}, ...]}, ...], best first. Null
     when this does not rank (required or excluded terms, a layout whose documents it cannot score).
     Each step is lunr's (lunr.Index.prototype.query, lunr.Builder.prototype.createFieldVectors with
     b = 0) or Material's (Search.search, getSearchQueryTerms), in their order, so that ties fall alike. */
  function rank(clauses) {
    var lunr = scope.lunr;
    var optional = lunr.Query.presence.OPTIONAL;
    if (!layout.rank || !clauses.length || clauses.some(function (c) { return c.presence !== optional; })) return null;
    var k1 = 1.2;
    var fields = setup.config.fields;
    var vectors = {}; /* field: Map(term: the query's weight) */
    var matches = new Map(); /* document: {field: Map(term: count)}, in lunr's order of matching */
    clauses.forEach(function (clause) {
      clause.expansions.forEach(function (term) {
        clause.fields.forEach(function (field) {
          var vector = vectors[field] || (vectors[field] = new Map());
          vector.set(term, (vector.get(term) || 0) + clause.boost);
          eachHolder(term, function (n, text, title) {
            var count = field === "text" ? text : field === "title" ? title : 0;
            if (!count) return;
            var match = matches.get(n);
            if (match === undefined) matches.set(n, (match = {}));
            (match[field] || (match[field] = new Map())).set(term, count);
          });
        });
      });
    });
    var lengths = {};
    Object.keys(vectors).forEach(function (field) {
      var squares = 0;
      vectors[field].forEach(function (value) { squares += value * value; });
      lengths[field] = Math.sqrt(squares);
    });
    var asked = clauses.map(function (clause) { return clause.term.replace(/^\*/, "").replace(/\*$/, ""); });
    var results = [];
    matches.forEach(function (match, n) {
      var head = heads.get(n);
      var boost = (head.length > 2 && head[2]) || 1;
      var score = 0;
      Object.keys(match).forEach(function (field) {
        var dot = 0; /* summed as lunr's Vector.dot sums it: by the terms' numbers in lunr's index */
        Array.from(match[field].keys()).sort(function (a, b) { return entry(a)[3] - entry(b)[3]; }).forEach(function (term) {
          var count = match[field].get(term);
          var weight = idf(entry(term)) * ((k1 + 1) * count) / (k1 * 1 + count);
          weight *= (fields[field] && fields[field].boost) || 1;
          weight *= boost;
          dot += vectors[field].get(term) * (Math.round(weight * 1000) / 1000);
        });
        score += dot / lengths[field] || 0;
      });
      var held = new Set();
      Object.keys(match).forEach(function (field) { match[field].forEach(function (count, term) { held.add(term); }); });
      results.push({ n: n, lunr: score, terms: queryTerms(asked, Array.from(held)) });
    });
    results.sort(function (a, b) { return b.lunr - a.lunr; });
    results.forEach(function (result) {
      var found = Object.keys(result.terms);
      var boost = +!layout.parents[result.n] + found.filter(function (t) { return result.terms[t]; }).length / found.length;
      result.score = result.lunr * (1 + Math.pow(boost, 2));
    });
    results.sort(function (a, b) { return b.score - a.score; });
    var pages = new Map();
    results.forEach(function (result) {
      var page = result.n - layout.parents[result.n];
      if (!pages.has(page)) pages.set(page, { page: page, items: [] });
      pages.get(page).items.push(result);
    });
    return Array.from(pages.values());
  }

  /* Material's getSearchQueryTerms: {asked term: whether a held term starts with it}, unheld stop words left out. */
  function queryTerms(asked, held) {
    var open = asked.slice();
    var terms = {};
    held.forEach(function (term) {
      open = open.filter(function (word) {
        if (!term.startsWith(word)) return true;
        terms[word] = true;
        return false;
      });
    });
    open.forEach(function (word) { if (scope.lunr.stopWordFilter(word)) terms[word] = false; });
    return terms;
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
      prefetchHeads();
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
