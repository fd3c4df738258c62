package org.openupdate.server.problem;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request body type whose unknown fields are refused (400 naming the field by its JSON pointer)
 * instead of ignored, as Jackson does for every other body here. For bodies where an ignored field
 * silently changes the meaning: a rollout stage sent with {@code "minimumDurationHours":2} would
 * otherwise get no minimum duration at all. Read by {@link StrictJson}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RefuseUnknownFields {}
