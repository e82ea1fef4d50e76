package com.cardscry.portal.adapters.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;

/**
 * Test aid: everything an {@link EmbeddedDocumentStore} file holds, read straight from the file, so a
 * test can search every stored document without knowing its partition keys (the key index, for one,
 * is partitioned by key hashes no test knows). Reads every map of the file, not only the containers
 * of {@code Containers.ALL}: each container's documents (keys and JSON text, expired ones not yet swept
 * included) and the expiry index, all of which the store writes as string maps.
 */
public final class EmbeddedStoreContents {

    private EmbeddedStoreContents() {
    }

    /**
     * Every map of the store file, by its name, as the text of its keys and values in key order. The
     * file must not be open in a store (close the portal first); it is opened read-only.
     */
    public static Map<String, List<String>> of(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no embedded store file at " + file);
        }
        MVStore mvStore = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            Map<String, List<String>> contents = new LinkedHashMap<>();
            for (String name : mvStore.getMapNames()) {
                MVMap<String, String> map = mvStore.openMap(name,
                        new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
                List<String> entries = new ArrayList<>();
                map.forEach((key, value) -> {
                    entries.add(key);
                    entries.add(value);
                });
                contents.put(name, entries);
            }
            return contents;
        } finally {
            mvStore.close();
        }
    }
}
