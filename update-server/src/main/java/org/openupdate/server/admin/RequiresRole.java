package org.openupdate.server.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role an admin endpoint needs. Without it, reads (GET, HEAD) need {@link Role#VIEWER} and
 * every other method needs {@link Role#PUBLISHER}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {
  Role value();
}
