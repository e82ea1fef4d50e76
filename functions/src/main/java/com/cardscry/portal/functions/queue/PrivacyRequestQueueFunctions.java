package com.cardscry.portal.functions.queue;

import com.cardscry.portal.application.privacy.CarryOutPrivacyRequest;
import com.cardscry.portal.application.privacy.FailPrivacyRequest;
import com.cardscry.portal.application.privacy.PrivacyRequestMessage;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import java.util.Objects;
import java.util.Optional;

/**
 * The privacy-request worker and its poison handler (DESIGN.md decision 6). Messages name a request
 * ({@link PrivacyRequestMessage}); log lines name the request id and the outcome, nothing else. The
 * queues live in the storage account of {@code AzureWebJobsStorage}, which in Azure is the account the
 * portal's {@code MessageQueue} sends to.
 */
public final class PrivacyRequestQueueFunctions {

    private final CarryOutPrivacyRequest carryOut;
    private final FailPrivacyRequest fail;

    public PrivacyRequestQueueFunctions(CarryOutPrivacyRequest carryOut, FailPrivacyRequest fail) {
        this.carryOut = Objects.requireNonNull(carryOut, "carryOut");
        this.fail = Objects.requireNonNull(fail, "fail");
    }

    @FunctionName("privacyRequestWorker")
    public void work(@QueueTrigger(name = "message", queueName = PrivacyRequestMessage.QUEUE, connection = "AzureWebJobsStorage")
                     String message, @BindingName("Id") String messageId, ExecutionContext context) {
        Optional<PrivacyRequestMessage> parsed = PrivacyRequestMessage.parse(message);
        if (parsed.isEmpty()) {
            context.getLogger().warning("privacy request message " + messageId + " is not a request reference; dropped");
            return;
        }
        CarryOutPrivacyRequest.Result result = carryOut.handle(parsed.get());
        context.getLogger().info("privacy request " + parsed.get().requestId() + ": " + result);
    }

    @FunctionName("privacyRequestPoison")
    public void poison(@QueueTrigger(name = "message", queueName = PrivacyRequestMessage.POISON_QUEUE, connection = "AzureWebJobsStorage")
                       String message, @BindingName("Id") String messageId, ExecutionContext context) {
        Optional<PrivacyRequestMessage> parsed = PrivacyRequestMessage.parse(message);
        if (parsed.isEmpty()) {
            context.getLogger().warning("poison privacy request message " + messageId + " is not a request reference; dropped");
            return;
        }
        FailPrivacyRequest.Result result = fail.handle(parsed.get());
        context.getLogger().info("poison privacy request " + parsed.get().requestId() + ": " + result);
    }
}
