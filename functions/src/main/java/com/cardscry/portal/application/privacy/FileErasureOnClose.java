package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.accounts.AccountClosedListener;
import com.cardscry.portal.domain.PrivacyRequestType;
import java.util.Objects;
import java.util.Optional;

/**
 * Closing an account files its erasure: a deletion request, submitted like one the owner makes. Since
 * an open deletion request is the answer to another, a retried close finds the request the first one
 * filed instead of filing a second.
 */
public final class FileErasureOnClose implements AccountClosedListener {

    private final SubmitPrivacyRequest submit;

    public FileErasureOnClose(SubmitPrivacyRequest submit) {
        this.submit = Objects.requireNonNull(submit, "submit");
    }

    @Override
    public String accountClosed(String accountId) {
        return submit.submit(accountId, PrivacyRequestType.DELETION, Optional.empty(), Optional.empty()).request().id();
    }
}
