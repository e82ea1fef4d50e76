package com.cardscry.portal.application.privacy;

import java.io.IOException;
import java.util.Map;

/**
 * One format of an access export, written as it is gathered: sections of items, each item a flat
 * record whose values are strings, numbers, booleans, null, or lists and maps of those. Items of one
 * section have the same members in the same order (absent values are null), so a format may lay a
 * section out as a table.
 */
interface ExportSink {

    void begin(String title, Map<String, Object> about) throws IOException;

    void beginSection(String key, String title) throws IOException;

    void item(Map<String, Object> fields) throws IOException;

    void endSection() throws IOException;

    /** Finishes the document and flushes what is buffered (the stream itself stays open). */
    void end() throws IOException;
}
