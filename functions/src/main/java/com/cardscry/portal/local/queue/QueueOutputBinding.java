package com.cardscry.portal.local.queue;

import com.microsoft.azure.functions.OutputBinding;

/**
 * The {@link OutputBinding} handed to a {@code @QueueOutput} parameter for one invocation; what the
 * function set is sent only after it returned normally.
 */
final class QueueOutputBinding<T> implements OutputBinding<T> {

    private volatile T value;

    @Override
    public T getValue() {
        return value;
    }

    @Override
    public void setValue(T value) {
        this.value = value;
    }
}
