package com.cardscry.portal.adapters.cosmos;

import com.azure.cosmos.CosmosException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A Cosmos account in memory with the item semantics the store relies on (404, 409, 412, new ETag per
 * write), whose next requests can be scripted to fail: {@link #failNext} before the request reaches
 * the data, {@link #applyThenFailNext} after it changed the data (a response lost on the way back).
 * Failures are real {@link CosmosException}s built through the SDK's protected constructor, with the
 * headers the service sends.
 */
final class ScriptedCosmosAccount implements CosmosAccount {

    /** A failure the fake answers with. */
    static final class SyntheticCosmosException extends CosmosException {
        private static final long serialVersionUID = 1L;

        SyntheticCosmosException(int status, int subStatus, Duration retryAfter, double requestCharge) {
            super(status, "synthetic status " + status, headers(subStatus, retryAfter, requestCharge), null);
        }

        private static Map<String, String> headers(int subStatus, Duration retryAfter, double requestCharge) {
            Map<String, String> headers = new HashMap<>();
            headers.put("x-ms-substatus", Integer.toString(subStatus));
            headers.put("x-ms-request-charge", Double.toString(requestCharge));
            if (retryAfter != null) {
                headers.put("x-ms-retry-after-ms", Long.toString(retryAfter.toMillis()));
            }
            return headers;
        }
    }

    private record Scripted(RuntimeException failure, boolean applyFirst) {
    }

    private final Map<String, Map<String, ObjectNode>> containers = new HashMap<>();
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> continuationsAsked = new ArrayList<>();
    private final Deque<PageScript> pages = new ArrayDeque<>();
    private RuntimeException probeFailure;
    private boolean closed;
    private long clockSeconds = 1_768_471_200L;

    /** A page the next query answers, instead of the stored items. */
    record PageScript(List<String> ids, Optional<String> continuation) {
    }

    void failNext(int status, int subStatus, Duration retryAfter) {
        script.add(new Scripted(new SyntheticCosmosException(status, subStatus, retryAfter, 0), false));
    }

    /** The next request fails with this exception, not a {@link CosmosException}, before reaching the data. */
    void throwNext(RuntimeException failure) {
        script.add(new Scripted(failure, false));
    }

    void applyThenFailNext(int status) {
        script.add(new Scripted(new SyntheticCosmosException(status, 0, null, 0), true));
    }

    void answerNextQueryWith(PageScript page) {
        pages.add(page);
    }

    void failProbeWith(RuntimeException failure) {
        probeFailure = failure;
    }

    /** Every request that reached the fake, as {@code operation}, in order, failed ones included. */
    List<String> requests() {
        return requests;
    }

    List<String> continuationsAsked() {
        return continuationsAsked;
    }

    boolean isClosed() {
        return closed;
    }

    int storedCount(String container) {
        return containers.getOrDefault(container, Map.of()).size();
    }

    @Override
    public CosmosItems items(String container) {
        return new Items(containers.computeIfAbsent(container, name -> new HashMap<>()));
    }

    @Override
    public void probe(Duration timeout) {
        requests.add("probe");
        if (probeFailure != null) {
            throw probeFailure;
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private <T> T request(String operation, Supplier<T> effect) {
        requests.add(operation);
        Scripted next = script.poll();
        if (next == null) {
            return effect.get();
        }
        if (next.applyFirst()) {
            effect.get();
        }
        throw next.failure();
    }

    private static String key(String partitionKey, String id) {
        return partitionKey + "\u0000" + id;
    }

    private static CosmosException status(int status) {
        return new SyntheticCosmosException(status, 0, null, 1.0);
    }

    private final class Items implements CosmosItems {
        private final Map<String, ObjectNode> items;

        Items(Map<String, ObjectNode> items) {
            this.items = items;
        }

        @Override
        public ItemResponse read(String partitionKey, String id) {
            return request("read", () -> {
                ObjectNode item = items.get(key(partitionKey, id));
                if (item == null) {
                    throw status(404);
                }
                return new ItemResponse(item.deepCopy(), 1.0);
            });
        }

        @Override
        public ItemResponse create(String partitionKey, ObjectNode item) {
            return request("create", () -> {
                if (items.containsKey(key(partitionKey, id(item)))) {
                    throw status(409);
                }
                return write(partitionKey, item);
            });
        }

        @Override
        public ItemResponse upsert(String partitionKey, ObjectNode item) {
            return request("upsert", () -> write(partitionKey, item));
        }

        @Override
        public ItemResponse replace(String partitionKey, ObjectNode item, String ifMatchEtag) {
            return request("replace", () -> {
                ObjectNode current = items.get(key(partitionKey, id(item)));
                if (current == null) {
                    throw status(404);
                }
                if (ifMatchEtag != null && !ifMatchEtag.equals(current.get(ItemJson.ETAG).textValue())) {
                    throw status(412);
                }
                return write(partitionKey, item);
            });
        }

        @Override
        public double delete(String partitionKey, String id, String ifMatchEtag) {
            return request("delete", () -> {
                ObjectNode current = items.get(key(partitionKey, id));
                if (current == null) {
                    throw status(404);
                }
                if (ifMatchEtag != null && !ifMatchEtag.equals(current.get(ItemJson.ETAG).textValue())) {
                    throw status(412);
                }
                items.remove(key(partitionKey, id));
                return 1.0;
            });
        }

        @Override
        public PageResponse query(String partitionKey, QuerySql.Statement statement, int pageSize, String continuation) {
            return request("query", () -> {
                continuationsAsked.add(continuation);
                PageScript scripted = pages.poll();
                List<JsonNode> found = new ArrayList<>();
                items.entrySet().stream()
                        .filter(entry -> entry.getKey().startsWith(key(partitionKey, "")))
                        .map(Map.Entry::getValue)
                        .filter(item -> scripted == null || scripted.ids().contains(id(item)))
                        .sorted(Comparator.comparing(ScriptedCosmosAccount::id))
                        .forEach(found::add);
                return new PageResponse(found, scripted == null ? Optional.empty() : scripted.continuation(), 2.5);
            });
        }

        private ItemResponse write(String partitionKey, ObjectNode item) {
            ObjectNode stored = item.deepCopy();
            stored.put(ItemJson.ETAG, "\"" + UUID.randomUUID() + "\"");
            stored.put(ItemJson.TIMESTAMP, clockSeconds++);
            stored.put("_rid", "rid");
            items.put(key(partitionKey, id(item)), stored);
            return new ItemResponse(stored.deepCopy(), 5.0);
        }
    }

    private static String id(JsonNode item) {
        return item.get(ItemJson.ID).textValue();
    }
}
