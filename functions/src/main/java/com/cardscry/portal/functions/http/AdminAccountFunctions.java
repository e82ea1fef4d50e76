package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.accounts.ModerateAccount;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Objects;
import java.util.Optional;

/** Administrators block and unblock accounts: {@code POST /api/v1/admin/accounts/{id}/block|unblock}. */
public final class AdminAccountFunctions {

    private final FrontendAuth auth;
    private final ModerateAccount moderate;

    public AdminAccountFunctions(FrontendAuth auth, ModerateAccount moderate) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.moderate = Objects.requireNonNull(moderate, "moderate");
    }

    @FunctionName("blockAccount")
    public HttpResponseMessage block(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/accounts/{id}/block") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return auth.handle(request, ModerateAccount.Command.class, (caller, command) ->
                JsonResponses.answer(request, moderate.block(caller, id, command), 200, AccountViews.ModeratedAccountView::of));
    }

    @FunctionName("unblockAccount")
    public HttpResponseMessage unblock(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/accounts/{id}/unblock") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return auth.handle(request, ModerateAccount.Command.class, (caller, command) ->
                JsonResponses.answer(request, moderate.unblock(caller, id, command), 200, AccountViews.ModeratedAccountView::of));
    }
}
