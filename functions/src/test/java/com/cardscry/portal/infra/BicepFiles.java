package com.cardscry.portal.infra;

import com.cardscry.portal.testing.emulators.NodeModules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Bicep files as the tree-sitter-bicep grammar reads them: their syntax errors, and their top-level
 * declarations with values as JSON ({@code emulators/parse-bicep.js} says how a value is rendered: literals
 * as JSON, any expression as {@code {"$expr": "<source>"}}). Needs Node.js and npm; installs the
 * {@code emulators/} packages on first use like the emulator tests do.
 */
final class BicepFiles {

    /** One ERROR or MISSING node of the parse tree. */
    record SyntaxError(int line, int column, String kind, String text) {
    }

    /**
     * A top-level {@code param}, {@code var}, {@code resource}, {@code module} or {@code output}.
     *
     * @param type      a resource's type with its API version, a module's path; empty otherwise
     * @param condition the text of a resource's or module's {@code if (...)}; empty without one
     * @param value     the body, a variable's value, a parameter's default or an output's value; a
     *                  missing node when a parameter has no default
     */
    record Declaration(String kind, String name, int line, Optional<String> type, Optional<String> condition,
                       JsonNode value) {
    }

    /** One parsed file. */
    record Parsed(Path file, List<SyntaxError> errors, List<Declaration> declarations) {

        /** The declaration of this kind and name; fails naming the file when there is none. */
        Declaration declaration(String kind, String name) {
            return declarations.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst()
                    .orElseThrow(() -> new NoSuchElementException(file + " declares no " + kind + " '" + name + "'"));
        }

        /** Every declaration of this kind. */
        List<Declaration> all(String kind) {
            return declarations.stream().filter(d -> d.kind().equals(kind)).toList();
        }

        /** "file:line:column kind text" for each error, one a line; empty when the file parsed cleanly. */
        String describeErrors() {
            StringBuilder report = new StringBuilder();
            errors.forEach(error -> report.append(file).append(':').append(error.line()).append(':').append(error.column())
                    .append(' ').append(error.kind()).append(" near `").append(error.text()).append("`\n"));
            return report.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BicepFiles() {
    }

    /** The repository's {@code infra/} folder, next to {@code emulators/}. */
    static Path infraFolder() {
        return NodeModules.emulatorsFolder().getParent().resolve("infra");
    }

    /** Every {@code .bicep} file under {@code infra/}, sorted. */
    static List<Path> allInInfra() {
        try (Stream<Path> files = Files.walk(infraFolder())) {
            return files.filter(file -> file.toString().endsWith(".bicep")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses these files in one Node.js process. */
    static List<Parsed> parse(List<Path> files) {
        Path logs = logs();
        Path emulators = NodeModules.installed(logs);
        List<String> command = new ArrayList<>(List.of("node", emulators.resolve("parse-bicep.js").toString()));
        files.forEach(file -> command.add(file.toAbsolutePath().toString()));
        try {
            Path output = Files.createTempFile(logs, "parse-bicep", ".json");
            Path errors = logs.resolve("parse-bicep.stderr.log");
            Process node = new ProcessBuilder(command).directory(emulators.toFile())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!node.waitFor(2, TimeUnit.MINUTES)) {
                node.destroyForcibly();
                throw new IllegalStateException("parse-bicep.js took over 2 minutes; see " + errors);
            }
            if (node.exitValue() != 0) {
                throw new IllegalStateException("parse-bicep.js failed with " + node.exitValue() + ": " + Files.readString(errors));
            }
            List<Parsed> parsed = new ArrayList<>();
            for (JsonNode file : JSON.readTree(output.toFile())) {
                parsed.add(toParsed(file));
            }
            Files.delete(output);
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing Bicep", e);
        }
    }

    /** Parses Bicep text, written to a temporary file first: how the parser's own tests feed it snippets. */
    static Parsed parseText(String bicep) {
        try {
            Path file = Files.createTempFile(logs(), "snippet", ".bicep");
            try {
                Files.writeString(file, bicep);
                return parse(List.of(file)).get(0);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Parsed toParsed(JsonNode file) {
        List<SyntaxError> errors = new ArrayList<>();
        file.path("errors").forEach(error -> errors.add(new SyntaxError(error.path("line").asInt(),
                error.path("column").asInt(), error.path("kind").asText(), error.path("text").asText())));
        List<Declaration> declarations = new ArrayList<>();
        file.path("declarations").forEach(d -> declarations.add(new Declaration(d.path("kind").asText(),
                d.path("name").asText(), d.path("line").asInt(), optionalText(d, "type"), optionalText(d, "condition"),
                d.path("value"))));
        return new Parsed(Path.of(file.path("file").asText()), List.copyOf(errors), List.copyOf(declarations));
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private static Path logs() {
        Path logs = NodeModules.emulatorsFolder().getParent().resolve("target").resolve("infra");
        try {
            return Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
