package com.cardscry.portal.application.privacy;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * The machine-readable export: {@code {"title":..., "about":{...}, "<section>":[{...}, ...], ...}},
 * each section an array of its items, streamed.
 */
final class JsonExportSink implements ExportSink {

    private final Writer out;
    private final JsonWriter json;

    JsonExportSink(Writer out) {
        this.out = out;
        this.json = new JsonWriter(out);
    }

    @Override
    public void begin(String title, Map<String, Object> about) throws IOException {
        json.beginObject().member("title", title).member("about", about);
    }

    @Override
    public void beginSection(String key, String title) throws IOException {
        json.name(key).beginArray();
    }

    @Override
    public void item(Map<String, Object> fields) throws IOException {
        json.value(fields);
    }

    @Override
    public void endSection() throws IOException {
        json.endArray();
    }

    @Override
    public void end() throws IOException {
        json.endObject();
        out.write('\n');
        out.flush();
    }
}
