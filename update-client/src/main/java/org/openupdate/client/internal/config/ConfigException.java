package org.openupdate.client.internal.config;

/** The configuration file is unusable; the message names the field and the bad value. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
