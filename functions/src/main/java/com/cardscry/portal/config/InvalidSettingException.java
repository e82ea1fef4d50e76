package com.cardscry.portal.config;

/**
 * A setting is missing or has a value the portal does not accept. Start-up stops with this message,
 * which names the setting and the accepted values but never repeats the value (it may be a secret
 * put in the wrong place).
 */
public final class InvalidSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String settingName;

    InvalidSettingException(String settingName, String message) {
        super(message);
        this.settingName = settingName;
    }

    public String settingName() {
        return settingName;
    }
}
