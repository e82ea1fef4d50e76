package com.cardscry.portal.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values the portal was started with, read through the {@link Setting} definitions of
 * {@link PortalSettings}. On the Functions host the values are environment variables (app settings);
 * the local host layers {@code local.settings.json} and its own defaults underneath.
 */
public final class Settings {

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings of(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return new Settings(copy);
    }

    public static Settings fromEnvironment() {
        return of(System.getenv());
    }

    /** These settings with {@code overrides} taking precedence. */
    public Settings overriddenBy(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        overrides.forEach((k, v) -> {
            if (k != null && v != null) {
                merged.put(k, v);
            }
        });
        return new Settings(merged);
    }

    /**
     * The parsed value of a setting, its default when absent or blank.
     *
     * @throws InvalidSettingException naming the setting and the accepted values
     */
    public <T> T get(Setting<T> setting) {
        Objects.requireNonNull(setting, "setting");
        String raw = values.get(setting.name());
        String text = raw == null || raw.isBlank() ? setting.defaultValue().orElse(null) : raw.strip();
        if (text == null) {
            throw new InvalidSettingException(setting.name(), "Setting " + setting.name() + " is missing ("
                    + setting.meaning() + "). Accepted values: " + setting.accepted() + ".");
        }
        try {
            return setting.parse(text);
        } catch (RuntimeException invalid) {
            throw new InvalidSettingException(setting.name(), "Setting " + setting.name()
                    + " has an invalid value (" + setting.meaning() + "). Accepted values: "
                    + setting.accepted() + ".");
        }
    }

    /**
     * The raw value of any setting by name, empty when absent or blank: how {@code %NAME%} references in
     * trigger annotations (timer schedules, queue names) are resolved, as the Functions host does.
     */
    public java.util.Optional<String> value(String name) {
        String raw = values.get(name);
        return raw == null || raw.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(raw.strip());
    }

    /**
     * What {@code %NAME%} in a trigger annotation (a timer schedule, a queue name) resolves to on the local
     * host: the {@link #value raw value}, else the default {@link PortalSettings} declares for a setting of
     * that name, so the local host needs no settings file for a schedule either. (The Functions host in
     * Azure resolves app settings only; Bicep writes every setting.)
     */
    public java.util.Optional<String> bindingValue(String name) {
        return value(name).or(() -> PortalSettings.ALL.stream()
                .filter(setting -> setting.name().equals(name))
                .findFirst()
                .flatMap(Setting::defaultValue));
    }

    /**
     * The value of an optional setting that the choice of another makes required.
     *
     * @param because the choice that needs it, for the message, e.g. {@code PORTAL_SECRETS=keyvault}
     * @throws InvalidSettingException naming the setting, why it is needed and its accepted values
     */
    public <T> T require(Setting<java.util.Optional<T>> setting, String because) {
        return get(setting).orElseThrow(() -> new InvalidSettingException(setting.name(), "Setting " + setting.name()
                + " is missing; " + because + " needs it (" + setting.meaning() + "). Accepted values: "
                + setting.accepted() + "."));
    }

    /** Reads every setting once, so a bad value stops start-up instead of the first request that needs it. */
    public void validate(Iterable<Setting<?>> settings) {
        for (Setting<?> setting : settings) {
            get(setting);
        }
    }
}
