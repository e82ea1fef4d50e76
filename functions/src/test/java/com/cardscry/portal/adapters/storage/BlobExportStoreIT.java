package com.cardscry.portal.adapters.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.ExportStoreContract;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.testing.emulators.Emulators;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The export store contract against Azurite; each test gets a container of its own. */
class BlobExportStoreIT extends ExportStoreContract {

    private final String containerName = "exports-" + UUID.randomUUID();

    @Override
    protected ExportStore newStore(Clock clock) {
        return BlobExportStore.connectingWith(Emulators.azurite().connectionString(), containerName, true, clock);
    }

    private BlobContainerClient container() {
        return new BlobServiceClientBuilder().connectionString(Emulators.azurite().connectionString()).buildClient()
                .getBlobContainerClient(containerName);
    }

    @Nested
    class AsTheServiceSeesIt {

        @Test
        void the_content_type_is_set_on_the_blob_for_downloads() {
            store.write("exports/a.html", "text/html; charset=utf-8", text("<p>hi</p>"));
            assertEquals("text/html; charset=utf-8",
                    container().getBlobClient("exports/a.html").getProperties().getContentType());
        }

        @Test
        void a_blob_put_there_by_other_means_counts_from_its_creation_time() throws IOException {
            container().createIfNotExists();
            container().getBlobClient("uploaded-by-hand.txt").upload(BinaryData.fromString("manual"));

            ExportStore.ExportInfo info = store.describe("uploaded-by-hand.txt").orElseThrow();

            assertEquals(container().getBlobClient("uploaded-by-hand.txt").getProperties().getCreationTime().toInstant(),
                    info.createdAt());
            assertEquals("manual", read("uploaded-by-hand.txt"));
        }

        @Test
        void health_reports_the_container_up() {
            store.write("a.txt", "text/plain", text("x"));
            assertEquals(ComponentHealth.up("exports", "blob"), ((BlobExportStore) store).check());
        }
    }

    @Nested
    class WithoutPermissionToCreateTheContainer {

        @Test
        void a_missing_container_is_reported_and_nothing_is_written() {
            BlobExportStore withoutContainer = BlobExportStore.connectingWith(Emulators.azurite().connectionString(),
                    "missing-" + UUID.randomUUID(), false, clock);

            assertThrows(StoreUnavailableException.class, () -> withoutContainer.write("a.txt", "text/plain", text("x")));
            assertFalse(withoutContainer.check().up());
        }
    }
}
