package io.streamrec.config;

/** A setting that is missing, malformed or out of range; the message names the key. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
