// Starts @vercel/cosmosdb-server over HTTPS on 127.0.0.1 and mends the three places where it does not
// answer the way the Azure Cosmos DB Java SDK needs (DESIGN.md section 5):
//
//  1. The SDK asks for a query plan (header x-ms-cosmos-is-query-plan-request) before it runs a query;
//     the server has no route for it. We answer with a plan for a plain, single-range query: the
//     server has one partition key range and applies WHERE and ORDER BY itself, so the SDK need not
//     rewrite or merge anything and just pages with the continuation the server returns.
//  2. A transactional batch names its partition key in the x-ms-documentdb-partitionkey header; the
//     server reads it only from each operation. We copy the header into operations that lack it.
//  3. Reading an item that does not exist makes the server fail with 500. We answer 404 NotFound, as
//     Cosmos DB does.
//
// Its query engine also compares strings by UTF-16 code unit where the DocumentStore contract (and
// our embedded store) compare by code point; the two differ only around characters outside the
// Basic Multilingual Plane. We replace that comparison so the contract suite runs unchanged.
//
// We wrap rather than proxy: the server's own request listener is kept and ours runs first, so there
// is one socket and no second TLS hop. The server's bundled certificate is for localhost; tests trust
// it through the SDK's emulator switch (COSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED).
//
// Usage: node cosmos-launcher.js <port>   (0 picks a free port; the chosen one is printed)
'use strict';
const { PassThrough } = require('stream');
const { createHttpsServer } = require('@vercel/cosmosdb-server');

const queryHelpers = require('@zeit/cosmosdb-query/lib/helpers');

const port = Number.parseInt(process.argv[2] || '0', 10);

// Compiled queries call helpers through the module object ($h.compare), so replacing it takes effect.
function byCodePoint(a, b) {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) {
      return x.done && y.done ? 0 : x.done ? -1 : 1;
    }
    const difference = x.value.codePointAt(0) - y.value.codePointAt(0);
    if (difference !== 0) {
      return difference;
    }
  }
}
const compareByUnits = queryHelpers.compare;
queryHelpers.compare = (operator, a, b) => {
  if (typeof a !== 'string' || typeof b !== 'string') {
    return compareByUnits(operator, a, b);
  }
  const order = byCodePoint(a, b);
  switch (operator) {
    case '>': return order > 0;
    case '>=': return order >= 0;
    case '<': return order < 0;
    case '<=': return order <= 0;
    default: throw new TypeError(`Unexpected operator: ${operator}`);
  }
};

const isTrue = (req, header) => String(req.headers[header] || '').toLowerCase() === 'true';
const DOCUMENT_PATH = /^\/+dbs\/[^/]+\/colls\/[^/]+\/docs\/[^/]+\/?$/;

// What the SDK's QueryPlanRetriever parses (PartitionedQueryExecutionInfo): no ORDER BY merge,
// aggregates, DISTINCT, TOP/OFFSET/LIMIT or GROUP BY for the SDK to do, over the one full range.
const SIMPLE_QUERY_PLAN = JSON.stringify({
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: 'None',
    top: null,
    offset: null,
    limit: null,
    orderBy: [],
    orderByExpressions: [],
    groupByExpressions: [],
    groupByAliases: [],
    aggregates: [],
    groupByAliasToAggregateType: {},
    rewrittenQuery: '',
    hasSelectValue: false,
    hasNonStreamingOrderBy: false,
    dCountInfo: null
  },
  queryRanges: [{ min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false }]
});

function answerQueryPlan(res) {
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json');
  res.setHeader('x-ms-request-charge', '0');
  res.end(SIMPLE_QUERY_PLAN);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// The server's handler reads the body from the request stream, so it gets a stream with the mended
// body and the original method, URL and headers.
async function withBatchPartitionKeys(req) {
  const header = req.headers['x-ms-documentdb-partitionkey'];
  const body = await readBody(req);
  let operations;
  try {
    operations = JSON.parse(body.toString('utf8'));
  } catch (notJson) {
    operations = null;
  }
  let mended = body;
  if (header && Array.isArray(operations)) {
    operations.forEach(operation => {
      if (operation && operation.partitionKey === undefined) {
        operation.partitionKey = header;
      }
    });
    mended = Buffer.from(JSON.stringify(operations), 'utf8');
  }
  const replay = new PassThrough();
  replay.method = req.method;
  replay.url = req.url;
  replay.headers = { ...req.headers, 'content-length': String(mended.length) };
  replay.socket = req.socket;
  replay.connection = req.connection;
  replay.end(mended);
  return replay;
}

// Rewrites the server's 500 for a missing item into Cosmos DB's 404.
function withMissingItemAs404(req, res) {
  if (req.method !== 'GET' || !DOCUMENT_PATH.test(req.url.split('?')[0])) {
    return;
  }
  const end = res.end.bind(res);
  res.end = (chunk, ...rest) => {
    if (res.statusCode === 500) {
      res.statusCode = 404;
      const notFound = JSON.stringify({
        code: 'NotFound',
        message: 'Entity with the specified id does not exist in the system.'
      });
      res.removeHeader('content-length');
      return end(notFound, ...rest);
    }
    return end(chunk, ...rest);
  };
}

const server = createHttpsServer({ keepAlive: true });
const [serverListener] = server.listeners('request');
server.removeAllListeners('request');
server.on('request', (req, res) => {
  if (isTrue(req, 'x-ms-cosmos-is-query-plan-request')) {
    answerQueryPlan(res);
    return;
  }
  if (req.method === 'POST' && isTrue(req, 'x-ms-cosmos-is-batch-request')) {
    withBatchPartitionKeys(req).then(
      replay => serverListener.call(server, replay, res),
      () => {
        res.statusCode = 400;
        res.end(JSON.stringify({ code: 'BadRequest', message: 'unreadable batch body' }));
      }
    );
    return;
  }
  withMissingItemAs404(req, res);
  serverListener.call(server, req, res);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`cosmos emulator listening on https://localhost:${server.address().port}/`);
});
