package com.cardscry.portal.testing;

import com.cardscry.portal.local.http.LocalHttpResponse;
import com.microsoft.azure.functions.HttpResponseMessage;

/** Reading back the response an HTTP function built from a request of {@link HttpRequests}. */
public final class HttpResponses {

    private HttpResponses() {
    }

    /** The response as the local host's type; fails the test if the function built it some other way. */
    public static LocalHttpResponse of(HttpResponseMessage response) {
        if (!(response instanceof LocalHttpResponse local)) {
            throw new AssertionError("the response was not built from the request's response builder: " + response);
        }
        return local;
    }

    /** The body as the text the function set; fails the test if it set something else. */
    public static String bodyAsString(HttpResponseMessage response) {
        Object body = response.getBody();
        if (body != null && !(body instanceof String)) {
            throw new AssertionError("expected a String body but the function set a " + body.getClass().getName());
        }
        return (String) body;
    }
}
