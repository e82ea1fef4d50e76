package com.cardscry.portal.application.privacy;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The readable export: one self-contained HTML page (no script, no external resource), a table per
 * section, streamed. Every value is escaped, so a display name such as {@code <script>} shows as text.
 */
final class HtmlExportSink implements ExportSink {

    private final Writer out;
    private boolean headerWritten;

    HtmlExportSink(Writer out) {
        this.out = out;
    }

    @Override
    public void begin(String title, Map<String, Object> about) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
        out.write(escape(title));
        out.write("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
                + "th,td{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}</style></head><body>\n<h1>");
        out.write(escape(title));
        out.write("</h1>\n<dl>");
        for (Map.Entry<String, Object> entry : about.entrySet()) {
            out.write("<dt>" + escape(entry.getKey()) + "</dt><dd>" + escape(text(entry.getValue())) + "</dd>");
        }
        out.write("</dl>\n");
    }

    @Override
    public void beginSection(String key, String title) throws IOException {
        out.write("<h2 id=\"" + escape(key) + "\">" + escape(title) + "</h2>\n<table>");
        headerWritten = false;
    }

    @Override
    public void item(Map<String, Object> fields) throws IOException {
        if (!headerWritten) {
            out.write("<tr>");
            for (String name : fields.keySet()) {
                out.write("<th>" + escape(name) + "</th>");
            }
            out.write("</tr>\n");
            headerWritten = true;
        }
        out.write("<tr>");
        for (Object value : fields.values()) {
            out.write("<td>" + escape(text(value)) + "</td>");
        }
        out.write("</tr>\n");
    }

    @Override
    public void endSection() throws IOException {
        if (!headerWritten) {
            out.write("<tr><td>None.</td></tr>");
        }
        out.write("</table>\n");
    }

    @Override
    public void end() throws IOException {
        out.write("</body></html>\n");
        out.flush();
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> entry.getKey() + ": " + text(entry.getValue())).collect(Collectors.joining("; "));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(HtmlExportSink::text).collect(Collectors.joining("\n"));
        }
        return value.toString();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                case '\n' -> escaped.append("<br>");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
