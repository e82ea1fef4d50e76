import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Start-up benchmark of the local host (issue 2): from starting `java` to the first 200 on
 * /api/v1/health, and the resident memory once it is idle. A benchmark, not a test: it prints figures.
 *
 * Run from the repository root after `mvn -q -DskipTests package`:
 *   java bench/StartupBench.java [runs] [--reuse-data] [extra JVM options...]
 * Each run starts on a fresh data folder (the first start, which generates secrets and keys), or,
 * with --reuse-data, on one folder made by a first unmeasured run (a developer's usual restart).
 * It reads the classpath from target/bench-classpath.txt (bench/startup.sh writes it).
 */
public class StartupBench {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        boolean reuseData = false;
        List<String> jvmOptions = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--reuse-data")) {
                reuseData = true;
            } else {
                jvmOptions.add(args[i]);
            }
        }
        Path sharedData = Files.createTempDirectory("portal-bench-shared");
        String classpath = "target/classes" + java.io.File.pathSeparator
                + Files.readString(Path.of("target/bench-classpath.txt")).strip();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

        List<Double> startupMillis = new ArrayList<>();
        List<Long> idleRssKb = new ArrayList<>();
        // With --reuse-data, run 0 only prepares the folder and is not counted.
        for (int run = reuseData ? -1 : 0; run < runs; run++) {
            Path dataDir = reuseData ? sharedData : Files.createTempDirectory("portal-bench");
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(classpath);
            command.add("com.cardscry.portal.local.LocalHost");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PORTAL_LOCAL_PORT", Integer.toString(port));
            builder.environment().put("PORTAL_DATA_DIR", dataDir.toString());
            // A fresh data folder each run: the first start also generates secrets and keys,
            // which is the slower case a new developer meets.
            URI health = URI.create("http://127.0.0.1:" + port + "/api/v1/health");

            long started = System.nanoTime();
            Process process = builder.start();
            try {
                waitForOk(client, health, process);
                double millis = (System.nanoTime() - started) / 1e6;
                if (run < 0) {
                    continue;
                }
                startupMillis.add(millis);
                Thread.sleep(3000); // let start-up garbage settle before reading the idle footprint
                idleRssKb.add(rssKb(process.pid()));
                System.out.printf("run %2d: first 200 after %7.1f ms, idle RSS %6.1f MB%n", run + 1, millis,
                        idleRssKb.get(idleRssKb.size() - 1) / 1024.0);
            } finally {
                process.destroy();
                process.waitFor();
                if (!reuseData) {
                    deleteTree(dataDir);
                }
            }
        }
        deleteTree(sharedData);
        Collections.sort(startupMillis);
        Collections.sort(idleRssKb);
        System.out.printf("%nJVM options: %s; data folder: %s%n", jvmOptions.isEmpty() ? "(none)" : String.join(" ", jvmOptions),
                reuseData ? "reused (restart)" : "fresh (first start)");
        System.out.printf("java start to first 200 on /api/v1/health: median %.1f ms, min %.1f ms, max %.1f ms (%d runs)%n",
                median(startupMillis), startupMillis.get(0), startupMillis.get(startupMillis.size() - 1), runs);
        System.out.printf("idle resident memory: median %.1f MB, max %.1f MB%n", medianLong(idleRssKb) / 1024.0,
                idleRssKb.get(idleRssKb.size() - 1) / 1024.0);
    }

    private static void waitForOk(HttpClient client, URI health, Process process) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the local host exited with " + process.exitValue());
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                Thread.sleep(2);
            }
        }
        throw new IllegalStateException("no 200 from " + health + " within 30 s");
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double medianLong(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
