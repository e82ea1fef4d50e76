package com.cardscry.portal.adapters.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between a Storage client and Azurite that injects one fault per armed request whose
 * request line starts with a given prefix (for example {@code "POST "} for queue sends), and forwards
 * everything else untouched. It recognises a request by the first bytes of a read from the client, which
 * holds for the small requests these tests make; it is a test tool, not an HTTP parser.
 */
final class FaultyProxy implements AutoCloseable {

    enum Fault {
        /** The service answers 503 Server Busy without seeing the request. */
        ANSWER_503,
        /** The connection drops before the request reaches the service. */
        DROP_BEFORE_THE_SERVICE,
        /** The service handles the request, then the connection drops before the response arrives. */
        LOSE_THE_RESPONSE
    }

    private static final byte[] SERVER_BUSY = ("HTTP/1.1 503 Service Unavailable\r\nx-ms-error-code: ServerBusy\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final URI target;
    private final String requestLinePrefix;
    private final Queue<Fault> armed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger injected = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "faulty-proxy");
        thread.setDaemon(true);
        return thread;
    });

    FaultyProxy(URI target, String requestLinePrefix) throws IOException {
        this.target = target;
        this.requestLinePrefix = requestLinePrefix;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptConnections);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next matching request meets {@code fault}; later ones pass (unless armed again). */
    void arm(Fault fault) {
        armed.add(fault);
    }

    /** How many faults were injected so far. */
    int injected() {
        return injected.get();
    }

    private void acceptConnections() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket service = new Socket(target.getHost(), target.getPort());
                sockets.add(client);
                sockets.add(service);
                AtomicBoolean loseNextResponse = new AtomicBoolean();
                threads.execute(() -> clientToService(client, service, loseNextResponse));
                threads.execute(() -> serviceToClient(service, client, loseNextResponse));
            } catch (IOException closedOrRefused) {
                return;
            }
        }
    }

    private void clientToService(Socket client, Socket service, AtomicBoolean loseNextResponse) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream(); OutputStream out = service.getOutputStream()) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                Fault fault = startsARequest(buffer, n) ? armed.poll() : null;
                if (fault == null) {
                    out.write(buffer, 0, n);
                    out.flush();
                    continue;
                }
                injected.incrementAndGet();
                switch (fault) {
                    case ANSWER_503 -> {
                        client.getOutputStream().write(SERVER_BUSY);
                        closeBoth(client, service);
                    }
                    case DROP_BEFORE_THE_SERVICE -> closeBoth(client, service);
                    case LOSE_THE_RESPONSE -> {
                        loseNextResponse.set(true);
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            }
        } catch (IOException closed) {
            // One side went away; the other pump ends too once both sockets are closed.
        } finally {
            closeBoth(client, service);
        }
    }

    private void serviceToClient(Socket service, Socket client, AtomicBoolean loseNextResponse) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = service.getInputStream(); OutputStream out = client.getOutputStream()) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                if (loseNextResponse.get()) {
                    // The service has answered, so it has handled the request: drop the answer.
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // As above.
        } finally {
            closeBoth(client, service);
        }
    }

    private boolean startsARequest(byte[] buffer, int length) {
        byte[] prefix = requestLinePrefix.getBytes(StandardCharsets.US_ASCII);
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void closeBoth(Socket client, Socket service) {
        closeQuietly(client);
        closeQuietly(service);
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // Nothing left to release.
        }
        sockets.remove(socket);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        threads.shutdownNow();
    }
}
