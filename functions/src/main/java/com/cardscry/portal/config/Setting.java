package com.cardscry.portal.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting the portal reads: its name (an app setting in Azure, a {@code Values} entry in
 * {@code local.settings.json}), its default, what it means, and which values it accepts.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

    /** Who reads a setting: the app itself (set by Bicep in Azure) or only the local host. */
    public enum Reader { APP, LOCAL_HOST }

    private final String name;
    private final String defaultValue;
    private final String meaning;
    private final String accepted;
    private final Function<String, T> parser;
    private final Reader reader;

    private Setting(String name, String defaultValue, String meaning, String accepted,
                    Function<String, T> parser, Reader reader) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
        this.meaning = Objects.requireNonNull(meaning, "meaning");
        this.accepted = Objects.requireNonNull(accepted, "accepted");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * @param defaultValue the value when the setting is absent or blank; {@code null} makes it required
     * @param accepted     the accepted values, as the error message and the README state them
     * @param parser       turns the text into a value; throws {@link IllegalArgumentException} if invalid
     */
    public static <T> Setting<T> of(String name, String defaultValue, String meaning, String accepted,
                                    Function<String, T> parser) {
        return new Setting<>(name, defaultValue, meaning, accepted, parser, Reader.APP);
    }

    /** A setting only the local host reads; the Functions host in Azure never sees it. */
    public Setting<T> readByLocalHostOnly() {
        return new Setting<>(name, defaultValue, meaning, accepted, parser, Reader.LOCAL_HOST);
    }

    public String name() {
        return name;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String meaning() {
        return meaning;
    }

    public String accepted() {
        return accepted;
    }

    public Reader reader() {
        return reader;
    }

    T parse(String text) {
        return parser.apply(text);
    }

    @Override
    public String toString() {
        return name;
    }
}
