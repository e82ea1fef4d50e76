package com.cardscry.portal.adapters.keyvault;

import com.cardscry.portal.application.port.Secret;
import com.cardscry.portal.application.port.SecretSource;
import com.cardscry.portal.application.port.SecretSourceContract;
import com.cardscry.portal.testing.FakeClock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;

/** The shared secret-source contract, through the real SDK against the Key Vault double. */
class KeyVaultSecretSourceTest extends SecretSourceContract {

    private static final String TOKEN = "contract-token";

    private FakeKeyVault vault;

    @Override
    protected SecretSource sourceWith(List<Secret> versionsInCreationOrder) {
        vault = FakeKeyVault.start(TOKEN);
        for (Secret secret : versionsInCreationOrder) {
            vault.add(secret.name(), secret.version(), Base64.getEncoder().encodeToString(secret.value()));
        }
        Set<String> names = versionsInCreationOrder.stream().map(Secret::name).collect(Collectors.toSet());
        return KeyVaultSecretSource.start(vault.clientBuilder().credential(new FixedTokenCredential(TOKEN)).buildClient(),
                names, Duration.ofHours(1), new FakeClock());
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }
}
