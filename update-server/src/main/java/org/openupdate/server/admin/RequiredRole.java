package org.openupdate.server.admin;

import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;

/**
 * The role a request needs, one rule for the API and the console: the endpoint's {@link
 * RequiresRole} (method first, then class); without it reads (GET, HEAD) need {@link Role#VIEWER}
 * and every other method {@link Role#PUBLISHER}.
 */
public final class RequiredRole {

  private RequiredRole() {}

  public static Role of(ResourceInfo resource, String httpMethod) {
    Method method = resource.getResourceMethod();
    RequiresRole annotation = method == null ? null : method.getAnnotation(RequiresRole.class);
    if (annotation == null && resource.getResourceClass() != null) {
      annotation = resource.getResourceClass().getAnnotation(RequiresRole.class);
    }
    if (annotation != null) {
      return annotation.value();
    }
    boolean read = "GET".equals(httpMethod) || "HEAD".equals(httpMethod);
    return read ? Role.VIEWER : Role.PUBLISHER;
  }
}
