package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.accounts.SignUp;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Objects;
import java.util.Optional;

/** {@code POST /api/v1/signup}: 201 with the new pending account, or 200 with the one that exists. */
public final class SignUpFunction {

    private final FrontendAuth auth;
    private final SignUp signUp;

    public SignUpFunction(FrontendAuth auth, SignUp signUp) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.signUp = Objects.requireNonNull(signUp, "signUp");
    }

    @FunctionName("signUp")
    public HttpResponseMessage signUp(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/signup") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, SignUp.Command.class, (caller, command) -> signUp.handle(caller, command).fold(
                result -> result.created()
                        ? JsonResponses.created(request, "/api/v1/me", AccountViews.ProfileView.of(result.profile()))
                        : JsonResponses.json(request, 200, AccountViews.ProfileView.of(result.profile())),
                problem -> JsonResponses.problem(request, problem)));
    }
}
