package com.cardscry.portal.local;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the app-setting references of a trigger or binding attribute ({@code %NAME%}), as the
 * Functions host does before it reads a timer schedule or a queue name. A schedule can then change
 * with a setting instead of a build.
 */
public final class BindingExpressions {

    private static final Pattern SETTING_REFERENCE = Pattern.compile("%([^%]+)%");

    private BindingExpressions() {
    }

    /**
     * {@code value} with every {@code %NAME%} replaced by the setting's value.
     *
     * @param functionName named in the error, so the start-up message says where to look
     * @throws IllegalStateException naming the function and the setting when a referenced setting is
     *                               missing or blank
     */
    public static String resolve(String value, String functionName, Function<String, Optional<String>> settings) {
        Matcher reference = SETTING_REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1);
            String setting = settings.apply(name).filter(text -> !text.isBlank())
                    .orElseThrow(() -> new IllegalStateException("function '" + functionName
                            + "' refers to app setting '" + name + "' (as %" + name + "%), which is not set"));
            reference.appendReplacement(resolved, Matcher.quoteReplacement(setting.strip()));
        }
        reference.appendTail(resolved);
        return resolved.toString();
    }
}
