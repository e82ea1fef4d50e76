package com.cardscry.portal.testing;

import com.cardscry.portal.application.port.DevelopmentClaims;
import com.cardscry.portal.application.port.DevelopmentTokenIssuer;
import java.util.ArrayList;
import java.util.List;

/** A {@link DevelopmentTokenIssuer} that signs nothing: it records the claims and answers a fixed text. */
public final class FakeDevelopmentTokenIssuer implements DevelopmentTokenIssuer {

    public static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl";
    public static final String JWKS = "{\"keys\":[]}";

    private final List<DevelopmentClaims> issued = new ArrayList<>();

    @Override
    public synchronized String issue(DevelopmentClaims claims) {
        issued.add(claims);
        return TOKEN;
    }

    @Override
    public String jwksJson() {
        return JWKS;
    }

    /** The claims of every token issued, oldest first. */
    public synchronized List<DevelopmentClaims> issued() {
        return List.copyOf(issued);
    }
}
